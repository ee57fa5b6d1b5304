package dev.streamml.sessions;

import dev.streamml.events.EventParseException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Instant;

/**
 * Reads one access log line into a {@link LogRequest}, or says in one line why it cannot.
 *
 * <p>Two syntaxes ({@link AccessLogFormat}):
 *
 * <ul>
 *   <li>the NASA-HTTP TSV form, {@code host logname time method url response bytes} with the time
 *       in Unix seconds, extra trailing fields allowed only when empty (the bundled files end each
 *       row with two empty fields); its header line is refused like any other non-request;
 *   <li>the Common Log Format, {@code host ident user [01/Jul/1995:00:00:01 -0400] "GET /path
 *       HTTP/1.0" 200 6245}, the protocol optional, bytes {@code -} read as 0.
 * </ul>
 *
 * <p>Lines must be valid UTF-8, at most {@value #MAX_LINE_BYTES} bytes; one trailing line break is
 * ignored.
 *
 * <pre>{@code
 * AccessLogParser parser = AccessLogParser.of(AccessLogFormat.AUTO);
 * LogRequest request = parser.parse("in24.inetnebr.com\t-\t807249601\tGET\t/\t200\t1839\t\t");
 * }</pre>
 */
public final class AccessLogParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Longer lines are refused: no real request line is this long. */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  private static final Pattern CLF =
      Pattern.compile("^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] \"([^\"]*)\" (\\d{3}) (\\d+|-)$");

  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  /** Fields of a TSV row before the optional empty trailing ones. */
  private static final int TSV_FIELDS = 7;

  private final AccessLogFormat format;

  private AccessLogParser(AccessLogFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  public static AccessLogParser of(AccessLogFormat format) {
    return new AccessLogParser(format);
  }

  public AccessLogFormat format() {
    return format;
  }

  /** Parses the line in {@code payload}. */
  public LogRequest parse(byte[] payload) throws EventParseException {
    if (payload.length == 0) {
      throw new EventParseException("empty line");
    }
    if (payload.length > MAX_LINE_BYTES) {
      throw new EventParseException(
          "line of " + payload.length + " bytes, more than " + MAX_LINE_BYTES);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      throw new EventParseException("not valid UTF-8");
    }
    return parse(text);
  }

  /** Parses one line of text. */
  public LogRequest parse(String line) throws EventParseException {
    String text = stripLineBreak(line);
    if (text.isBlank()) {
      throw new EventParseException("blank line");
    }
    boolean tsv =
        format == AccessLogFormat.TSV || (format == AccessLogFormat.AUTO && text.indexOf('\t') >= 0);
    return tsv ? parseTsv(text) : parseClf(text);
  }

  private static String stripLineBreak(String line) {
    if (line.endsWith("\r\n")) {
      return line.substring(0, line.length() - 2);
    }
    if (line.endsWith("\n")) {
      return line.substring(0, line.length() - 1);
    }
    return line;
  }

  private static LogRequest parseTsv(String text) throws EventParseException {
    String[] fields = text.split("\t", -1);
    if (fields.length < TSV_FIELDS) {
      throw new EventParseException(
          "TSV row has " + fields.length + " fields, expected host, logname, time, method, url,"
              + " response, bytes");
    }
    for (int i = TSV_FIELDS; i < fields.length; i++) {
      if (!fields[i].isEmpty()) {
        throw new EventParseException("TSV row has a non-empty field " + (i + 1) + " after bytes");
      }
    }
    if (fields[0].equals("host") && fields[2].equals("time")) {
      throw new EventParseException("TSV header line, not a request");
    }
    String host = host(fields[0]);
    long seconds;
    try {
      seconds = Long.parseLong(fields[2].trim());
    } catch (NumberFormatException e) {
      throw new EventParseException("time '" + fields[2] + "' is not Unix seconds");
    }
    if (seconds < 0 || seconds > 32_503_680_000L) {
      throw new EventParseException("time " + seconds + " is outside years 1970..3000");
    }
    String method = token("method", fields[3]);
    String url = token("url", fields[4]);
    return request(host, new Instant(seconds * 1000), method, url, fields[5], fields[6]);
  }

  private static LogRequest parseClf(String text) throws EventParseException {
    Matcher matcher = CLF.matcher(text.stripTrailing());
    if (!matcher.matches()) {
      throw new EventParseException(
          "not a Common Log Format line: expected host ident user [time] \"request\" status"
              + " bytes");
    }
    String host = host(matcher.group(1));
    Instant time;
    try {
      time = new Instant(OffsetDateTime.parse(matcher.group(4), CLF_TIME).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      throw new EventParseException(
          "time '" + matcher.group(4) + "' is not dd/MMM/yyyy:HH:mm:ss +hhmm");
    }
    String[] request = matcher.group(5).trim().split(" +");
    if (request.length < 2 || request.length > 3 || request[0].isEmpty()) {
      throw new EventParseException(
          "request '" + matcher.group(5) + "' is not METHOD URL [PROTOCOL]");
    }
    return request(host, time, request[0], request[1], matcher.group(6), matcher.group(7));
  }

  private static LogRequest request(
      String host, Instant time, String method, String url, String statusText, String bytesText)
      throws EventParseException {
    int status;
    try {
      status = Integer.parseInt(statusText.trim());
    } catch (NumberFormatException e) {
      throw new EventParseException("response '" + statusText + "' is not an HTTP status code");
    }
    if (status < 100 || status > 599) {
      throw new EventParseException("response " + status + " is not an HTTP status (100..599)");
    }
    long bytes;
    String trimmed = bytesText.trim();
    if (trimmed.equals("-")) {
      bytes = 0;
    } else {
      try {
        bytes = Long.parseLong(trimmed);
      } catch (NumberFormatException e) {
        throw new EventParseException("bytes '" + bytesText + "' is not a whole number or -");
      }
      if (bytes < 0) {
        throw new EventParseException("bytes " + bytes + " is negative");
      }
    }
    return LogRequest.of(host, time, method, url, status, bytes);
  }

  private static String host(String text) throws EventParseException {
    String host = text.trim();
    if (host.isEmpty() || host.equals("-")) {
      throw new EventParseException("missing host");
    }
    if (host.chars().anyMatch(Character::isWhitespace)) {
      throw new EventParseException("host '" + host + "' contains white space");
    }
    return host;
  }

  private static String token(String name, String text) throws EventParseException {
    String value = text.trim();
    if (value.isEmpty()) {
      throw new EventParseException("missing " + name);
    }
    return value;
  }

  @Override
  public String toString() {
    return "AccessLogParser{" + format + "}";
  }
}
