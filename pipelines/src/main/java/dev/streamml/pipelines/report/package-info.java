/**
 * Self-contained HTML reports with inline SVG charts ({@link
 * dev.streamml.pipelines.report.HtmlReport}, {@link dev.streamml.pipelines.report.SvgChart}), and
 * the reports of the {@code nab} and {@code prequential} commands built on them. Reports load
 * nothing from the network.
 */
package dev.streamml.pipelines.report;
