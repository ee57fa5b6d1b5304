package dev.streamml.pipelines.options;

import dev.streamml.events.EventFormat;
import dev.streamml.events.EventParser;
import dev.streamml.pipelines.kafka.KafkaClientSecurity;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.kafka.KafkaPreflight;
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
    format = checked("--maxRecordBytes", options.getMaxRecordBytes(), format::withMaxPayloadBytes);
    format = checked("--maxAbsValue", options.getMaxAbsValue(), format::withMaxAbsValue);
    String skew = options.getMaxFutureSkew();
    if (skew != null && !skew.isBlank() && !skew.trim().equals("0")) {
      format = format.withMaxFutureSkew(duration("--maxFutureSkew", skew.trim()));
    }
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
            .withConsumerConfig(kafkaSecurity(kafka).clientConfig())
            .withMaxOutOfOrderness(duration("--maxOutOfOrderness", kafka.getMaxOutOfOrderness()))
            .withIdleTimeout(duration("--idleTimeout", kafka.getIdleTimeout()));
    source = Delivery.source(kafka, source, topic);
    return kafka.getReadToEnd() ? source.readToCurrentEnd() : source;
  }

  /**
   * Checks every Kafka and event-format setting without contacting a broker, so that a mistake in
   * one of them is reported before anything is started or waited for.
   */
  public static void validate(KafkaInputOptions kafka, EventFormatOptions format) {
    eventFormat(format);
    sealSecrets(kafka);
    if (kafka.getInputTopic() == null || kafka.getInputTopic().isBlank()) {
      throw new IllegalArgumentException(
          "invalid --inputTopic: a topic must be named, e.g. --inputTopic=events");
    }
    checked(
        "--bootstrapServers",
        kafka.getBootstrapServers(),
        servers -> KafkaEventSource.of(servers, kafka.getInputTopic()));
    duration("--maxOutOfOrderness", kafka.getMaxOutOfOrderness());
    duration("--idleTimeout", kafka.getIdleTimeout());
    duration("--kafkaCheckTimeout", kafka.getKafkaCheckTimeout());
  }

  /**
   * The security settings of every Kafka client, from {@code --securityProtocol}, {@code
   * --saslMechanism}, {@code --saslUsername}/{@code --saslPassword} or {@code --saslJaasConfig},
   * and the {@code --ssl*} options; secrets given as {@code env:NAME} or {@code file:PATH} are read
   * from there.
   */
  public static KafkaClientSecurity kafkaSecurity(KafkaSecurityOptions options) {
    KafkaClientSecurity resolved = options.getResolvedKafkaSecurity();
    return resolved != null ? resolved : KafkaSecuritySettings.of(options);
  }

  /**
   * Resolves the security settings once and moves the secrets out of the option values, so that
   * the options, when printed, hold none ({@code toString()} prints every option's value).
   */
  public static void sealSecrets(KafkaSecurityOptions options) {
    KafkaClientSecurity security = kafkaSecurity(options);
    options.setResolvedKafkaSecurity(security);
    options.setSaslPassword(null);
    options.setSaslJaasConfig(null);
    options.setSslTruststorePassword(null);
    options.setSslKeystorePassword(null);
    options.setSslKeyPassword(null);
  }

  /** The Kafka client settings (security) the pipeline's producers add to their own. */
  public static Map<String, Object> producerConfig(KafkaSecurityOptions options) {
    return kafkaSecurity(options).clientConfig();
  }

  /**
   * Checks within {@code --kafkaCheckTimeout} that the broker answers, accepts the
   * login and holds the input topic and the output topics (pairs of option name and topic), so that a
   * pipeline fails at once with one line instead of waiting forever.
   */
  public static void checkKafka(KafkaInputOptions options, String... outputOptionThenTopic) {
    KafkaPreflight check = kafkaCheck(options);
    for (int i = 0; i + 1 < outputOptionThenTopic.length; i += 2) {
      check.outputTopic(outputOptionThenTopic[i], outputOptionThenTopic[i + 1]);
    }
    runCheck(options, check);
  }

  /**
   * The start-up check of {@link #checkKafka}, on the options' broker, login and input topic, for
   * a pipeline to add its other topics to before {@link #runCheck}.
   */
  public static KafkaPreflight kafkaCheck(KafkaInputOptions options) {
    KafkaClientSecurity security = kafkaSecurity(options);
    KafkaPreflight check =
        KafkaPreflight.of(options.getBootstrapServers(), security.clientConfig())
            .inputTopic("--inputTopic", options.getInputTopic());
    if (security.usesSasl() && !security.loginFromPassword()) {
      check.credentialsOption("--saslJaasConfig");
    }
    return check;
  }

  /** Runs {@code check} within the options' {@code --kafkaCheckTimeout}. */
  public static void runCheck(KafkaInputOptions options, KafkaPreflight check) {
    check.check(
        java.time.Duration.ofMillis(
            duration("--kafkaCheckTimeout", options.getKafkaCheckTimeout()).getMillis()));
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

  static <T, R> R checked(String option, T value, Function<T, R> convert) {
    try {
      return convert.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + option + ": " + e.getMessage(), e);
    }
  }
}
