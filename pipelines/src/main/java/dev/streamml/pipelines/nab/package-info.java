/**
 * Scoring NAB-format data (Numenta Anomaly Benchmark: {@code data/<category>/*.csv} and {@code
 * labels/combined_windows.json}) with an anomaly detector as a Beam pipeline: reading and checking
 * the files in the driver, the pipeline that scores each file row by row and writes NAB-style
 * results files, and the driver that grades them with NAB's three profiles ({@code streamml nab}).
 */
package dev.streamml.pipelines.nab;
