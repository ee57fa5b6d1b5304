package dev.streamml.events;

/**
 * Why a record could not become an {@link Event}; its message is the dead letter's reason.
 *
 * <pre>{@code
 * try {
 *   Event event = parser.parse(bytes, recordTime);
 * } catch (EventParseException e) {
 *   deadLetters.add(DeadLetter.of(record, "parse", e.getMessage()));
 * }
 * }</pre>
 */
public class EventParseException extends Exception {
  private static final long serialVersionUID = 1L;

  public EventParseException(String reason) {
    super(reason);
  }
}
