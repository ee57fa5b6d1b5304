package dev.streamml.pipelines.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A self-contained HTML report: headings, paragraphs, tables and {@link SvgChart}s in one file
 * with its style and a small script inline. It loads nothing from the network, so it opens from
 * disk, from a CI artifact or in a mail attachment alike.
 *
 * <p>The inline script lets a click on a chart's legend hide a series, and records on the page
 * how many charts it found ({@code <body data-charts="N">}) and any script error ({@code
 * data-script-errors}), which the browser test reads back.
 *
 * <pre>{@code
 * HtmlReport report = HtmlReport.titled("NAB results: knn-conformal");
 * report.paragraph("58 files, 365,558 rows.");
 * report.table(List.of("profile", "score"), List.of(List.of("standard", "58.8")));
 * report.chart(SvgChart.create("nyc_taxi").timeAxis().line("value", xs, ys));
 * report.write(Path.of("results/report.html"));
 * }</pre>
 */
public final class HtmlReport {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1040px}"
          + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
          + "table{border-collapse:collapse;margin:8px 0}"
          + "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;font-size:13px}"
          + "th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}"
          + "p.meta{color:#666;font-size:12px}svg.chart{display:block;margin:4px 0 12px}"
          + "svg text{fill:#333}.legend{cursor:pointer}";

  // Runs once the page is parsed: counts the charts and wires legend clicks to series.
  private static final String SCRIPT =
      "window.addEventListener('error',function(e){var b=document.body;"
          + "b.dataset.scriptErrors=(b.dataset.scriptErrors||'')+e.message+';';});\n"
          + "document.addEventListener('DOMContentLoaded',function(){\n"
          + "  var charts=document.querySelectorAll('svg.chart');\n"
          + "  charts.forEach(function(svg){\n"
          + "    svg.querySelectorAll('text.legend').forEach(function(t){\n"
          + "      t.addEventListener('click',function(){\n"
          + "        svg.querySelectorAll('path.series').forEach(function(p){\n"
          + "          if(p.dataset.series===t.textContent){"
          + "p.style.display=p.style.display==='none'?'':'none';}\n"
          + "        });\n"
          + "      });\n"
          + "    });\n"
          + "  });\n"
          + "  document.body.dataset.charts=String(charts.length);\n"
          + "});\n";

  private final String title;
  private final StringBuilder body = new StringBuilder(65_536);
  private int charts;

  private HtmlReport(String title) {
    this.title = title;
  }

  /** A new report; {@code title} is the page title and its first heading. */
  public static HtmlReport titled(String title) {
    return new HtmlReport(title);
  }

  /** A section heading. */
  public HtmlReport heading(String text) {
    body.append("<h2>").append(Html.escape(text)).append("</h2>\n");
    return this;
  }

  /** A paragraph of plain text. */
  public HtmlReport paragraph(String text) {
    body.append("<p>").append(Html.escape(text)).append("</p>\n");
    return this;
  }

  /** A table; every row should have as many cells as there are headers. */
  public HtmlReport table(List<String> headers, List<List<String>> rows) {
    body.append("<table><tr>");
    headers.forEach(h -> body.append("<th>").append(Html.escape(h)).append("</th>"));
    body.append("</tr>\n");
    for (List<String> row : rows) {
      if (row.size() != headers.size()) {
        throw new IllegalArgumentException(
            "a row has " + row.size() + " cells, the table " + headers.size() + " columns");
      }
      body.append("<tr>");
      row.forEach(cell -> body.append("<td>").append(Html.escape(cell)).append("</td>"));
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A chart, drawn now. */
  public HtmlReport chart(SvgChart chart) {
    body.append(chart.toSvg());
    charts++;
    return this;
  }

  /** How many charts were added. */
  public int chartCount() {
    return charts;
  }

  /** The whole page. */
  public String toHtml() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>"
        + Html.escape(title)
        + "</title>\n<style>"
        + STYLE
        + "</style>\n<script>\n"
        + SCRIPT
        + "</script></head>\n<body>\n<h1>"
        + Html.escape(title)
        + "</h1>\n<p class=\"meta\">written by streamml at "
        + Instant.now()
        + "</p>\n"
        + body
        + "</body></html>\n";
  }

  /** Writes the page to {@code file}, creating its folder; returns {@code file}. */
  public Path write(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toHtml(), StandardCharsets.UTF_8);
    return file;
  }
}
