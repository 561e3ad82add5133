/*
  What the test hosts (lv2host, uihost, stresshost) share: a URID map, the log feature (counting
  errors), and clocks. Header-only so each host stays one compile command.
*/
#ifndef AURALISE_TESTHOST_H
#define AURALISE_TESTHOST_H

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
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

/* The features every test host offers the plugin: URID map and unmap, and the log. */
typedef struct {
  LV2_URID_Map       map;
  LV2_URID_Unmap     unmap;
  LV2_Log_Log        log;
  LV2_Feature        f_map, f_unmap, f_log;
  const LV2_Feature* list[4];
} ThFeatures;

static __attribute__((unused)) void
th_features(ThFeatures* t)
{
  t->map     = (LV2_URID_Map){NULL, map_uri};
  t->unmap   = (LV2_URID_Unmap){NULL, unmap_uri};
  t->log     = (LV2_Log_Log){NULL, log_printf, log_vprintf};
  t->f_map   = (LV2_Feature){LV2_URID__map, &t->map};
  t->f_unmap = (LV2_Feature){LV2_URID__unmap, &t->unmap};
  t->f_log   = (LV2_Feature){LV2_LOG__log, &t->log};
  t->list[0] = &t->f_map;
  t->list[1] = &t->f_unmap;
  t->list[2] = &t->f_log;
  t->list[3] = NULL;
}

/* Port kinds of the plugin under test, as lilv reports them (by port index). */
typedef struct {
  uint32_t n;
  bool     audio[64], input[64], atom[64];
} ThPorts;

/* The plugin's port kinds (t->n = its port count; the caller checks it against its own arrays). */
static __attribute__((unused)) void
th_ports(ThPorts* t, LilvWorld* world, const LilvPlugin* plugin)
{
  LilvNode* audio = lilv_new_uri(world, LV2_CORE__AudioPort);
  LilvNode* input = lilv_new_uri(world, LV2_CORE__InputPort);
  LilvNode* atom  = lilv_new_uri(world, LV2_ATOM__AtomPort);
  t->n            = lilv_plugin_get_num_ports(plugin);
  for (uint32_t p = 0; p < t->n && p < 64; ++p) {
    const LilvPort* port = lilv_plugin_get_port_by_index(plugin, p);
    t->audio[p]          = lilv_port_is_a(plugin, port, audio);
    t->input[p]          = lilv_port_is_a(plugin, port, input);
    t->atom[p]           = lilv_port_is_a(plugin, port, atom);
  }
  lilv_node_free(audio);
  lilv_node_free(input);
  lilv_node_free(atom);
}

/* The buffer audio output `port` writes: its own, or in place the matching audio input's (the k-th
   output writes over the k-th input, as hosts that process in place do). */
static __attribute__((unused)) float*
th_output(const ThPorts* t, float* const* audio, bool in_place, uint32_t port)
{
  if (!in_place) {
    return audio[port];
  }
  uint32_t k = 0;
  for (uint32_t p = 0; p < port; ++p) {
    k += t->audio[p] && !t->input[p];
  }
  for (uint32_t p = 0, j = 0; p < t->n; ++p) {
    if (t->audio[p] && t->input[p] && j++ == k) {
      return audio[p];
    }
  }
  return audio[port];
}

/* Connects every port: audio to audio[port] (outputs in place when asked), atom ports to atom,
   controls to controls[port]. */
static __attribute__((unused)) void
th_connect(const ThPorts* t, LilvInstance* inst, float* const* audio, bool in_place, void* atom, float* controls)
{
  for (uint32_t p = 0; p < t->n; ++p) {
    if (t->audio[p]) {
      lilv_instance_connect_port(inst, p, t->input[p] ? audio[p] : th_output(t, audio, in_place, p));
    } else if (t->atom[p]) {
      lilv_instance_connect_port(inst, p, atom);
    } else {
      lilv_instance_connect_port(inst, p, &controls[p]);
    }
  }
}

#endif
