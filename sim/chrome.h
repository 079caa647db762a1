/*
 * Export a text trace (docs/trace-format.md) to the Chrome trace-event JSON
 * that Perfetto and chrome://tracing open: one track (thread) per CPU, one
 * complete ("X") slice per stretch a task ran, instant events for wake-ups.
 */
#pragma once

/* Read trace_txt, write out_json. names: optional per-group labels used in
 * slice names (NULL). Returns 0 or -1 (unreadable input, write failure). */
int chrome_export(const char *trace_txt, const char *out_json, unsigned ncpu);
