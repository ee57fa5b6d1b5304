package dev.streamml.pipelines.report;

/**
 * Escapes text for HTML and SVG element content and attribute values.
 *
 * <pre>{@code
 * String safe = Html.escape("<b> & \"quotes\""); // "&lt;b&gt; &amp; &quot;quotes&quot;"
 * }</pre>
 */
public final class Html {
  private Html() {}

  /** {@code text} with {@code & < > " '} replaced by entities. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
