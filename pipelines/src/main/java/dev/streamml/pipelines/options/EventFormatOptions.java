package dev.streamml.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How record bytes become events: JSON objects or CSV lines, and which fields hold what.
 *
 * <pre>{@code
 * --format=json --keyField=key --timestampField=timestamp --valueField=value
 * --format=csv --csvColumns=timestamp,value --defaultKey=machine_temperature
 * }</pre>
 */
public interface EventFormatOptions extends PipelineOptions {

  @Description("Record syntax: json or csv.")
  @Default.String("json")
  String getFormat();

  void setFormat(String value);

  @Description("CSV column names in order, comma separated (csv format only).")
  @Default.String("")
  String getCsvColumns();

  void setCsvColumns(String value);

  @Description("Field holding the event key.")
  @Default.String("key")
  String getKeyField();

  void setKeyField(String value);

  @Description("A key for every event, when records carry none (overrides keyField).")
  @Default.String("")
  String getDefaultKey();

  void setDefaultKey(String value);

  @Description(
      "Field holding the event time (Unix s or ms, ISO-8601, yyyy-MM-dd HH:mm:ss); empty: use"
          + " the Kafka record timestamp.")
  @Default.String("timestamp")
  String getTimestampField();

  void setTimestampField(String value);

  @Description("Numeric field whose features are computed.")
  @Default.String("value")
  String getValueField();

  void setValueField(String value);

  @Description(
      "Records larger than this many bytes are dead letters (keep it below the broker's"
          + " message.max.bytes).")
  @Default.Integer(1_048_576)
  int getMaxRecordBytes();

  void setMaxRecordBytes(int value);

  @Description(
      "Events whose time is more than this ahead of their Kafka record timestamp are dead"
          + " letters (e.g. 1d, 30m); 0 or empty: no limit.")
  @Default.String("1d")
  String getMaxFutureSkew();

  void setMaxFutureSkew(String value);

  @Description("Values (features, labels) beyond +/- this are dead letters.")
  @Default.Double(1e15)
  double getMaxAbsValue();

  void setMaxAbsValue(double value);
}
