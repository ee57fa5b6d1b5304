/**
 * Session analytics on web access logs: parsing log lines, per-host session windows with their
 * features, sliding-window traffic figures with heavy hitters, and scoring of suspicious sessions.
 *
 * <p>{@link dev.streamml.sessions.ParseAccessLog} turns raw lines (the NASA-HTTP TSV format or the
 * Common Log Format) into {@link dev.streamml.sessions.LogRequest}s keyed by host, bad lines into
 * dead letters. {@link dev.streamml.sessions.HostSessions} groups each host's requests into session
 * windows and summarises each session ({@link dev.streamml.sessions.Session}); {@link
 * dev.streamml.sessions.TrafficFigures} gives request rate, bytes, error ratio and the top URLs and
 * hosts per sliding window ({@link dev.streamml.sessions.TrafficWindow}); {@link
 * dev.streamml.sessions.SuspiciousSessions} scores closed sessions against all other sessions.
 *
 * <p>Access logs name the hosts that made each request. These transforms compute aggregate
 * figures; use them for general traffic patterns, as the NASA-HTTP data's terms ask, not to study
 * individuals.
 */
package dev.streamml.sessions;
