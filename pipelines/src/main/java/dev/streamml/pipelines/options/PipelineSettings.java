package dev.streamml.pipelines.options;

import dev.streamml.events.EventFormat;
import dev.streamml.events.EventParser;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.windowing.DurationText;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.joda.time.Duration;

/**
 * Turns option values into transform settings, checking each one: a bad value fails at once with
 * one line that names the option and what it accepts ("invalid --window: ...").
 *
 * <pre>{@code
 * WindowSpec window = PipelineSettings.window(options);
 * KafkaEventSource source = PipelineSettings.kafkaSource(options, options);
 * }</pre>
 */
public final class PipelineSettings {

  private PipelineSettings() {}

  public static WindowSpec window(WindowingOptions options) {
    return window(options.getWindow());
  }

  /** The {@code --window} text as a spec. */
  public static WindowSpec window(String text) {
    return checked("--window", text, WindowSpec::parse);
  }

  public static TriggerSpec trigger(WindowingOptions options) {
    return trigger(options.getTrigger());
  }

  /** The {@code --trigger} text as a spec; empty means {@link TriggerSpec#DEFAULT}. */
  public static TriggerSpec trigger(String text) {
    return text == null || text.isBlank()
        ? TriggerSpec.DEFAULT
        : checked("--trigger", text, TriggerSpec::parse);
  }

  public static Duration duration(String option, String text) {
    return checked(option, text, DurationText::parse);
  }

  /** The event format the options describe. */
  public static EventFormat eventFormat(EventFormatOptions options) {
    String syntax = options.getFormat() == null ? "" : options.getFormat().toLowerCase(Locale.ROOT);
    EventFormat format;
    switch (syntax) {
      case "json":
        format = EventFormat.json().withKeyField(options.getKeyField());
        break;
      case "csv":
        List<String> columns =
            Arrays.stream(options.getCsvColumns().split(","))
                .map(String::trim)
                .filter(column -> !column.isEmpty())
                .collect(Collectors.toList());
        if (columns.isEmpty()) {
          throw new IllegalArgumentException(
              "invalid --csvColumns: the csv format needs column names, e.g. timestamp,value");
        }
        format = checked("--csvColumns", columns, EventFormat::csv);
        if (columns.contains(options.getKeyField())) {
          format = format.withKeyField(options.getKeyField());
        }
        break;
      default:
        throw new IllegalArgumentException(
            "invalid --format: '" + options.getFormat() + "'; accepted: json, csv");
    }
    final EventFormat base = format;
    if (!options.getDefaultKey().isEmpty()) {
      format = format.withDefaultKey(options.getDefaultKey());
    }
    String timestampField = options.getTimestampField();
    format =
        timestampField == null || timestampField.isEmpty()
            ? format.withRecordTimestamp()
            : checked("--timestampField", timestampField, format::withTimestampField);
    format = checked("--valueField", options.getValueField(), format::withValueFields);
    if (base.getSyntax() == EventFormat.Syntax.CSV
        && format.getKeyField() == null
        && format.getDefaultKey() == null) {
      throw new IllegalArgumentException(
          "invalid --keyField: '"
              + options.getKeyField()
              + "' is not a CSV column; name one with --keyField or give --defaultKey");
    }
    return format;
  }

  /** The Kafka source the options describe, reading event time with the format's parser. */
  public static KafkaEventSource kafkaSource(
      KafkaInputOptions kafka, EventFormatOptions formatOptions) {
    EventFormat format = eventFormat(formatOptions);
    return configured(kafka, kafka.getInputTopic(), source -> source.withEventTime(EventParser.of(format)));
  }

  /**
   * A Kafka source of another topic on the same broker, with the same watermark policy and bounds,
   * whose event time is the Kafka record timestamp (a label topic, say).
   */
  public static KafkaEventSource kafkaSource(KafkaInputOptions kafka, String topic) {
    return configured(kafka, topic, source -> source);
  }

  private static KafkaEventSource configured(
      KafkaInputOptions kafka,
      String topic,
      java.util.function.UnaryOperator<KafkaEventSource> eventTime) {
    KafkaEventSource source =
        eventTime
            .apply(
                checked(
                    "--bootstrapServers",
                    kafka.getBootstrapServers(),
                    servers -> KafkaEventSource.of(servers, topic)))
            .withMaxOutOfOrderness(duration("--maxOutOfOrderness", kafka.getMaxOutOfOrderness()))
            .withIdleTimeout(duration("--idleTimeout", kafka.getIdleTimeout()));
    return kafka.getReadToEnd() ? source.readToCurrentEnd() : source;
  }

  /**
   * Refuses a bounded Kafka read ({@code --readToEnd}) on Flink with a parallelism above 1: Beam
   * 2.70's Flink runner never finishes such a read split over several subtasks (seen with the
   * embedded mini-cluster), and failing at once beats hanging.
   */
  public static void checkBoundedReadSupported(String... args) {
    Map<String, String> byName = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        byName.put(arg.substring(2, equals), arg.substring(equals + 1));
      }
    }
    boolean flink = String.valueOf(byName.get("runner")).toLowerCase(Locale.ROOT).contains("flink");
    boolean bounded = Boolean.parseBoolean(byName.get("readToEnd"));
    String parallelism = byName.getOrDefault("parallelism", "1");
    if (flink && bounded && !parallelism.equals("1")) {
      throw new IllegalArgumentException(
          "invalid --readToEnd: on the Flink runner a bounded Kafka read needs --parallelism=1,"
              + " found --parallelism="
              + parallelism);
    }
  }

  private static <T, R> R checked(String option, T value, Function<T, R> convert) {
    try {
      return convert.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage(), e);
    }
  }
}
