package dev.streamml.sessions;

import java.util.Locale;

/**
 * The syntax of access log lines.
 *
 * <pre>{@code
 * AccessLogFormat format = AccessLogFormat.parse("clf");
 * }</pre>
 */
public enum AccessLogFormat {
  /** Tab-separated {@code host logname time method url response bytes}, time in Unix seconds. */
  TSV,
  /** Common Log Format: {@code host ident user [dd/MMM/yyyy:HH:mm:ss Z] "request" status bytes}. */
  CLF,
  /** Each line by itself: TSV when it holds a tab, CLF otherwise. */
  AUTO;

  /** The accepted names, quoted in errors. */
  public static final String ACCEPTED = "auto, tsv, clf";

  /**
   * The format named {@code text} (any case).
   *
   * @throws IllegalArgumentException naming the accepted formats
   */
  public static AccessLogFormat parse(String text) {
    if (text != null) {
      for (AccessLogFormat format : values()) {
        if (format.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
          return format;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown log format '" + text + "'; accepted: " + ACCEPTED);
  }
}
