/*
  What the test hosts (lv2host, uihost, stresshost) share: a URID map, the log feature (counting
  errors), and clocks. Header-only so each host stays one compile command.
*/
#ifndef AURALISE_TESTHOST_H
#define AURALISE_TESTHOST_H

#include <lv2/log/log.h>
#include <lv2/urid/urid.h>

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TH_MAX_URIDS = 256 };

static char*      g_uris[TH_MAX_URIDS];
static int        g_n_uris;
static atomic_int g_errors; /* errors the plugin logged */

static __attribute__((unused)) LV2_URID
map_uri(LV2_URID_Map_Handle h, const char* uri)
{
  (void)h;
  for (int i = 0; i < g_n_uris; ++i) {
    if (!strcmp(g_uris[i], uri)) {
      return (LV2_URID)i + 1;
    }
  }
  if (g_n_uris == TH_MAX_URIDS) {
    return 0;
  }
  g_uris[g_n_uris] = strdup(uri);
  return (LV2_URID)++g_n_uris;
}

static __attribute__((unused)) const char*
unmap_uri(LV2_URID_Unmap_Handle h, LV2_URID urid)
{
  (void)h;
  return urid >= 1 && (int)urid <= g_n_uris ? g_uris[urid - 1] : NULL;
}

static __attribute__((unused)) int
log_vprintf(LV2_Log_Handle h, LV2_URID type, const char* fmt, va_list ap)
{
  (void)h;
  const char* t     = unmap_uri(NULL, type);
  const bool  error = t && !strcmp(t, LV2_LOG__Error);
  if (error) {
    ++g_errors;
  }
  fprintf(stderr, error ? "plugin error: " : "plugin: ");
  return vfprintf(stderr, fmt, ap);
}

static __attribute__((unused)) int
log_printf(LV2_Log_Handle h, LV2_URID type, const char* fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int r = log_vprintf(h, type, fmt, ap);
  va_end(ap);
  return r;
}

static __attribute__((unused)) double
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* This thread's CPU time: unlike wall time, not inflated when the machine is busy with other work. */
static __attribute__((unused)) double
cpu_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

#endif
