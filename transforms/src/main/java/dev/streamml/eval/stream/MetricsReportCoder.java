package dev.streamml.eval.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link MetricsReport}: figures in name order. {@link MetricsReport}'s
 * default coder, so usually implicit.
 *
 * <pre>{@code
 * PCollection<MetricsReport> reports = ...;
 * reports.setCoder(MetricsReportCoder.of());
 * }</pre>
 */
public final class MetricsReportCoder extends CustomCoder<MetricsReport> {
  private static final long serialVersionUID = 1L;
  private static final MetricsReportCoder INSTANCE = new MetricsReportCoder();
  private static final NullableCoder<Instant> START = NullableCoder.of(InstantCoder.of());

  private MetricsReportCoder() {}

  public static MetricsReportCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(MetricsReport report, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(report.scope(), out);
    START.encode(report.windowStart(), out);
    InstantCoder.of().encode(report.windowEnd(), out);
    StringUtf8Coder.of().encode(report.timing(), out);
    VarLongCoder.of().encode(report.scored(), out);
    VarLongCoder.of().encode(report.unlabelled(), out);
    VarLongCoder.of().encode(report.unscorable(), out);
    VarIntCoder.of().encode(report.figures().size(), out);
    for (Map.Entry<String, Double> figure : report.figures().entrySet()) {
      StringUtf8Coder.of().encode(figure.getKey(), out);
      DoubleCoder.of().encode(figure.getValue(), out);
    }
  }

  @Override
  public MetricsReport decode(InputStream in) throws IOException {
    String scope = StringUtf8Coder.of().decode(in);
    Instant start = START.decode(in);
    Instant end = InstantCoder.of().decode(in);
    String timing = StringUtf8Coder.of().decode(in);
    long scored = VarLongCoder.of().decode(in);
    long unlabelled = VarLongCoder.of().decode(in);
    long unscorable = VarLongCoder.of().decode(in);
    int size = VarIntCoder.of().decode(in);
    SortedMap<String, Double> figures = new TreeMap<>();
    for (int i = 0; i < size; i++) {
      figures.put(StringUtf8Coder.of().decode(in), DoubleCoder.of().decode(in));
    }
    return new MetricsReport(scope, start, end, timing, scored, unlabelled, unscorable, figures);
  }

  @Override
  public void verifyDeterministic() {}
}
