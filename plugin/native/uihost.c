/*
  uihost: a small lilv host for the LV2 UI's lifecycle tests and its audio-cost measurement.

  Instantiates the plugin, runs it on a paced "audio" thread (SCHED_FIFO when allowed, 256-frame
  blocks at 48 kHz in real time, a 440 Hz tone with a click every 0.5 s), and drives the plugin's
  show-interface UI from the main thread the way a host's UI loop does (idle at 30 Hz). The UI is
  loaded from its ui:binary with the instance-access feature, like jalv/suil do.

  Phases of PHASE seconds each, in one run: UI not shown, shown, hidden, shown again. For each the
  audio thread's CPU time per run() (CLOCK_THREAD_CPUTIME_ID, so other load does not inflate it) and
  the blocks that missed their deadline are printed: the cost of the view to the audio thread, side
  by side. Control values the UI writes are applied by the audio thread before the next run().

  -K drives the plugin's kxstudio external-UI variant (#view-kx) the way Ardour does instead: the
  widget's show/run/hide, and the host's ui_closed callback.

  -X then closes the window as a user would (xdotool sends it Escape): idle() must report it (-K:
  ui_closed must be called); the host hides the UI and shows it again, which must open a new window.

  -F frees the plugin while the UI is still shown (then idles on, and cleans the UI up last): must not
  crash. -J LIBJVM starts a JVM first, so the plugin and its UI load through the bundle's own class
  loader.

  Exit status 1 when the UI cannot be instantiated or shown, idle() reports a close nobody asked for,
  the plugin logs an error or its output is not finite.

  usage: uihost [-p PHASE_SECONDS] [-F] [-K] [-X] [-J LIBJVM] URI
*/

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/instance-access/instance-access.h>
#include <lv2/log/log.h>
#include <lv2/ui/ui.h>
#include <lv2/urid/urid.h>

#include <jni.h>

#include "testhost.h"

#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_PORTS = 32, FRAMES = 256, RATE = 48000, PHASES = 4 };

typedef struct {
  LilvInstance* inst;
  uint32_t      n_ports;
  bool          is_audio[MAX_PORTS], is_input[MAX_PORTS];
  float         controls[MAX_PORTS];
  float         audio[MAX_PORTS][FRAMES];
  /* UI -> audio thread: a written value per port (float bits) and a dirty flag. */
  atomic_uint   ui_value[MAX_PORTS];
  atomic_bool   ui_dirty[MAX_PORTS];
  atomic_bool   running;
  atomic_int    phase;
  /* Per phase, written by the audio thread only, read after it stopped. */
  double        cpu_ms[PHASES];
  long          blocks[PHASES];
  long          late[PHASES];
  double        worst_ms[PHASES]; /* latest block end after its start, in ms */
  bool          bad;
  bool          fifo;
} Host;

static void*
audio_thread(void* arg)
{
  Host*              h = (Host*)arg;
  struct sched_param sp = {.sched_priority = 70};
  h->fifo               = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == 0;
  struct timespec next;
  clock_gettime(CLOCK_MONOTONIC, &next);
  const long period_ns = 1000000000L * FRAMES / RATE;
  uint64_t   t         = 0;
  while (atomic_load(&h->running)) {
    for (uint32_t p = 0; p < h->n_ports; ++p) {
      if (atomic_exchange(&h->ui_dirty[p], false)) {
        unsigned bits = atomic_load(&h->ui_value[p]);
        memcpy(&h->controls[p], &bits, sizeof(float));
      }
      if (h->is_audio[p] && h->is_input[p]) {
        for (uint32_t i = 0; i < FRAMES; ++i, ++t) {
          double s = 0.3 * sin(2 * M_PI * 440.0 * (double)t / RATE);
          s += (t % (RATE / 2)) < 64 ? 0.8 : 0.0; /* a click every 0.5 s */
          h->audio[p][i] = (float)s;
        }
        t -= FRAMES; /* every input gets the same signal */
      }
    }
    t += FRAMES;
    struct timespec c0, c1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    lilv_instance_run(h->inst, FRAMES);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    const int ph = atomic_load(&h->phase);
    if (ph >= 0 && ph < PHASES) {
      h->cpu_ms[ph] += (c1.tv_sec - c0.tv_sec) * 1e3 + (c1.tv_nsec - c0.tv_nsec) / 1e6;
      h->blocks[ph]++;
    }
    for (uint32_t p = 0; p < h->n_ports; ++p) {
      if (h->is_audio[p] && !h->is_input[p]) {
        for (uint32_t i = 0; i < FRAMES; ++i) {
          h->bad |= !isfinite(h->audio[p][i]);
        }
      }
    }
    next.tv_nsec += period_ns;
    if (next.tv_nsec >= 1000000000L) {
      next.tv_nsec -= 1000000000L;
      next.tv_sec++;
    }
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (ph >= 0 && ph < PHASES) {
      /* block end relative to this block's start (next - period) */
      const double end_ms = (now.tv_sec - next.tv_sec) * 1e3 + (now.tv_nsec - next.tv_nsec) / 1e6 + period_ns / 1e6;
      if (end_ms > h->worst_ms[ph]) {
        h->worst_ms[ph] = end_ms;
      }
    }
    if (now.tv_sec > next.tv_sec || (now.tv_sec == next.tv_sec && now.tv_nsec > next.tv_nsec)) {
      if (ph >= 0 && ph < PHASES) {
        h->late[ph]++; /* this block finished after the next one was due: an xrun in a real host */
      }
      next = now;
    } else {
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
  }
  return NULL;
}

/* The UI's write_function: hand the value to the audio thread, as jalv's UI ring does. */
static void
ui_write(LV2UI_Controller controller, uint32_t port, uint32_t size, uint32_t protocol, const void* buf)
{
  Host* h = (Host*)controller;
  if (protocol == 0 && size == sizeof(float) && port < h->n_ports) {
    unsigned bits;
    memcpy(&bits, buf, sizeof(float));
    atomic_store(&h->ui_value[port], bits);
    atomic_store(&h->ui_dirty[port], true);
    printf("uihost: UI wrote port %u = %g\n", port, *(const float*)buf);
  }
}

static bool
start_own_jvm(const char* libjvm)
{
  void* lib = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
  typedef jint (*CreateFn)(JavaVM**, void**, void*);
  CreateFn       create = lib ? (CreateFn)dlsym(lib, "JNI_CreateJavaVM") : NULL;
  JavaVMOption   opts[] = {{(char*)"-Xrs", NULL}, {(char*)"-Djava.class.path=/nonexistent", NULL}};
  JavaVMInitArgs args   = {JNI_VERSION_1_8, 2, opts, JNI_FALSE};
  JavaVM*        vm     = NULL;
  JNIEnv*        env    = NULL;
  if (!create || create(&vm, (void**)&env, &args) != JNI_OK) {
    fprintf(stderr, "uihost: could not create a JVM from %s\n", libjvm);
    return false;
  }
  printf("uihost: started a JVM of its own from %s\n", libjvm);
  return true;
}

/* The kxstudio external-UI ABI (as Ardour's lv2_external_ui.h). */
typedef struct KxWidget {
  void (*run)(struct KxWidget*);
  void (*show)(struct KxWidget*);
  void (*hide)(struct KxWidget*);
} KxWidget;
typedef struct {
  void (*ui_closed)(LV2UI_Controller controller);
  const char* plugin_human_id;
} KxHost;

static const LV2UI_Show_Interface* g_show;
static const LV2UI_Idle_Interface* g_idle;
static KxWidget*                   g_kx; /* set in -K mode */
static bool                        g_kx_closed;

static void
kx_closed(LV2UI_Controller controller)
{
  (void)controller;
  g_kx_closed = true;
}

static int
ui_show(LV2UI_Handle ui)
{
  if (g_kx) {
    g_kx->show(g_kx);
    return 0;
  }
  return g_show->show(ui);
}

static void
ui_hide(LV2UI_Handle ui)
{
  if (g_kx) {
    g_kx->hide(g_kx);
  } else {
    g_show->hide(ui);
  }
}

/* Idles the UI at 30 Hz for the given time; false if it reported a close. */
static bool
idle_for(LV2UI_Handle ui, double seconds)
{
  const double end = now_ms() + seconds * 1e3;
  while (now_ms() < end) {
    if (g_kx) {
      g_kx->run(g_kx);
      if (g_kx_closed) {
        return false;
      }
    } else if (g_idle->idle(ui)) {
      return false;
    }
    usleep(33333);
  }
  return true;
}

int
main(int argc, char** argv)
{
  double      phase_s  = 5;
  bool        free_first = false;
  bool        kx         = false;
  bool        user_close = false;
  const char* uri      = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-p") && i + 1 < argc) {
      phase_s = atof(argv[++i]);
    } else if (!strcmp(argv[i], "-F")) {
      free_first = true;
    } else if (!strcmp(argv[i], "-K")) {
      kx = true;
    } else if (!strcmp(argv[i], "-X")) {
      user_close = true;
    } else if (!strcmp(argv[i], "-J") && i + 1 < argc) {
      if (!start_own_jvm(argv[++i])) {
        return 1;
      }
    } else if (argv[i][0] != '-') {
      uri = argv[i];
    } else {
      fprintf(stderr, "usage: uihost [-p PHASE_SECONDS] [-F] [-K] [-X] [-J LIBJVM] URI\n");
      return 1;
    }
  }
  if (!uri) {
    fprintf(stderr, "usage: uihost [-p PHASE_SECONDS] [-F] [-K] [-X] [-J LIBJVM] URI\n");
    return 1;
  }

  LilvWorld* world = lilv_world_new();
  lilv_world_load_all(world);
  LilvNode*         uri_node = lilv_new_uri(world, uri);
  const LilvPlugin* plugin   = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), uri_node);
  if (!plugin) {
    fprintf(stderr, "uihost: plugin %s not found\n", uri);
    return 1;
  }
  static Host   host;
  Host*         h       = &host;
  LV2_URID_Map  map     = {NULL, map_uri};
  LV2_Log_Log   log     = {NULL, log_printf, log_vprintf};
  LV2_Feature   map_f   = {LV2_URID__map, &map};
  LV2_Feature   log_f   = {LV2_LOG__log, &log};
  const LV2_Feature* features[] = {&map_f, &log_f, NULL};

  h->n_ports          = lilv_plugin_get_num_ports(plugin);
  LilvNode* audio_cls = lilv_new_uri(world, LV2_CORE__AudioPort);
  LilvNode* atom_cls  = lilv_new_uri(world, LV2_ATOM__AtomPort);
  LilvNode* input_cls = lilv_new_uri(world, LV2_CORE__InputPort);
  float     defaults[MAX_PORTS];
  lilv_plugin_get_port_ranges_float(plugin, NULL, NULL, defaults);
  double t0 = now_ms();
  h->inst   = lilv_plugin_instantiate(plugin, RATE, features);
  if (!h->inst) {
    fprintf(stderr, "uihost: instantiate failed\n");
    return 1;
  }
  printf("uihost: plugin instantiated in %.0f ms\n", now_ms() - t0);
  for (uint32_t p = 0; p < h->n_ports && p < MAX_PORTS; ++p) {
    const LilvPort* port = lilv_plugin_get_port_by_index(plugin, p);
    h->is_audio[p]       = lilv_port_is_a(plugin, port, audio_cls);
    h->is_input[p]       = lilv_port_is_a(plugin, port, input_cls);
    h->controls[p]       = isnan(defaults[p]) ? 0.0f : defaults[p];
    if (!lilv_port_is_a(plugin, port, atom_cls)) { /* the MIDI output is optional: left unconnected */
      lilv_instance_connect_port(h->inst, p, h->is_audio[p] ? (void*)h->audio[p] : (void*)&h->controls[p]);
    }
  }
  lilv_instance_activate(h->inst);
  atomic_store(&h->running, true);
  atomic_store(&h->phase, -1);
  pthread_t audio;
  pthread_create(&audio, NULL, audio_thread, h);

  /* The UI, as suil would load it: its binary, its descriptor, instance-access to the plugin. */
  /* Chosen by class, as hosts do: a kx:Widget in -K mode, else the one with ui:showInterface. */
  LilvUIs*      uis     = lilv_plugin_get_uis(plugin);
  const LilvUI* ui      = NULL;
  LilvNode*     kx_cls  = lilv_new_uri(world, "http://kxstudio.sf.net/ns/lv2ext/external-ui#Widget");
  LilvNode*     ext     = lilv_new_uri(world, LV2_CORE__extensionData);
  LilvNode*     show_if = lilv_new_uri(world, LV2_UI__showInterface);
  LILV_FOREACH (uis, i, uis) {
    const LilvUI* u = lilv_uis_get(uis, i);
    lilv_world_load_resource(world, lilv_ui_get_uri(u));
    if (kx ? lilv_ui_is_a(u, kx_cls) : lilv_world_ask(world, lilv_ui_get_uri(u), ext, show_if)) {
      ui = u;
    }
  }
  if (!ui) {
    fprintf(stderr, "uihost: the plugin has no UI\n");
    return 1;
  }
  char* binary = lilv_file_uri_parse(lilv_node_as_uri(lilv_ui_get_binary_uri(ui)), NULL);
  char* bundle = lilv_file_uri_parse(lilv_node_as_uri(lilv_ui_get_bundle_uri(ui)), NULL);
  void* lib    = dlopen(binary, RTLD_NOW | RTLD_LOCAL);
  const LV2UI_DescriptorFunction df = lib ? (LV2UI_DescriptorFunction)dlsym(lib, "lv2ui_descriptor") : NULL;
  const LV2UI_Descriptor*        ud = NULL;
  for (uint32_t i = 0; df && (ud = df(i)); ++i) {
    if (!strcmp(ud->URI, lilv_node_as_uri(lilv_ui_get_uri(ui)))) {
      break;
    }
  }
  if (!ud) {
    fprintf(stderr, "uihost: no UI descriptor in %s\n", binary);
    return 1;
  }
  LV2_Feature        ia_f         = {LV2_INSTANCE_ACCESS_URI, lilv_instance_get_handle(h->inst)};
  LV2_Feature        idle_f       = {LV2_UI__idleInterface, NULL};
  KxHost             kx_host      = {kx_closed, "Auralise (uihost)"};
  LV2_Feature        kx_f         = {"http://kxstudio.sf.net/ns/lv2ext/external-ui#Host", &kx_host};
  const LV2_Feature* ui_features[] = {&map_f, &log_f, &ia_f, kx ? &kx_f : &idle_f, NULL};
  LV2UI_Widget       widget        = NULL;
  t0                               = now_ms();
  LV2UI_Handle handle = ud->instantiate(ud, uri, bundle, ui_write, h, &widget, ui_features);
  if (!handle) {
    fprintf(stderr, "uihost: UI instantiate failed\n");
    return 1;
  }
  printf("uihost: UI %s instantiated in %.1f ms\n", ud->URI, now_ms() - t0);
  g_show = (const LV2UI_Show_Interface*)ud->extension_data(LV2_UI__showInterface);
  g_idle = (const LV2UI_Idle_Interface*)ud->extension_data(LV2_UI__idleInterface);
  g_kx   = kx ? (KxWidget*)widget : NULL;
  if (kx ? !g_kx : (!g_show || !g_idle)) {
    fprintf(stderr, "uihost: the UI lacks the %s\n", kx ? "kx widget" : "show or idle interface");
    return 1;
  }
  for (uint32_t p = 0; p < h->n_ports; ++p) {
    if (!h->is_audio[p]) {
      ud->port_event(handle, p, sizeof(float), 0, &h->controls[p]);
    }
  }

  idle_for(handle, 3.0); /* JIT warm-up of the audio path, not measured */
  static const char* names[PHASES] = {"UI not shown", "UI shown", "UI hidden", "UI shown again"};
  bool ok = true;
  for (int ph = 0; ph < PHASES && ok; ++ph) {
    if (ph == 1 || ph == 3) {
      t0 = now_ms();
      if (ui_show(handle)) {
        fprintf(stderr, "uihost: show() failed\n");
        ok = false;
        break;
      }
      printf("uihost: show() %d took %.0f ms\n", ph == 1 ? 1 : 2, now_ms() - t0);
      idle_for(handle, 1.0); /* the window settles before measuring */
    } else if (ph == 2) {
      ui_hide(handle);
    }
    atomic_store(&h->phase, ph);
    if (!idle_for(handle, phase_s)) {
      fprintf(stderr, "uihost: idle() reported a closed window during \"%s\"\n", names[ph]);
      ok = false;
    }
    atomic_store(&h->phase, -1);
  }
  if (ok && user_close) {
    /* The user closes the window: the UI must say so (idle() non-zero, or ui_closed for kx). */
    /* Only visible windows, and tries for up to 5 s: a window from an earlier show() may still be on
       its way out (X BadWindow when the key reaches it; seen with SerialGC pauses, and on a machine
       busy with a training run, where 1 s of tries was not enough). */
    bool sent = false;
    for (int i = 0; i < 25 && !sent; i++) {
      sent = system("xdotool search --onlyvisible --name '^Auralise' key --window %@ Escape") == 0;
      if (!sent) {
        usleep(200000);
      }
    }
    if (!sent) {
      fprintf(stderr, "uihost: xdotool could not send Escape to the window\n");
      ok = false;
    } else if (idle_for(handle, 10.0)) {
      fprintf(stderr, "uihost: the UI did not report the window the user closed\n");
      ok = false;
    } else {
      printf("uihost: the UI reported the user's close\n");
      ui_hide(handle); /* as the spec asks of the host */
      g_kx_closed = false;
      t0          = now_ms();
      if (ui_show(handle) || !idle_for(handle, 1.0) ||
          system("xdotool search --name '^Auralise' > /dev/null") != 0) {
        fprintf(stderr, "uihost: show() after the user's close did not bring a window back\n");
        ok = false;
      } else {
        printf("uihost: shown again after the user's close (%.0f ms)\n", now_ms() - t0);
      }
    }
  }
  if (free_first) {
    /* Plugin freed while its UI still shows: the view holds the tap, the UI must live on. */
    atomic_store(&h->running, false);
    pthread_join(audio, NULL);
    lilv_instance_deactivate(h->inst);
    lilv_instance_free(h->inst);
    printf("uihost: plugin freed while the UI is shown\n");
    ok &= idle_for(handle, 1.0);
    ui_hide(handle);
    ud->cleanup(handle);
  } else {
    ui_hide(handle);
    ud->cleanup(handle);
    atomic_store(&h->running, false);
    pthread_join(audio, NULL);
    lilv_instance_deactivate(h->inst);
    lilv_instance_free(h->inst);
  }
  printf("uihost: audio thread %s\n", h->fifo ? "SCHED_FIFO" : "SCHED_OTHER (no permission for FIFO)");
  for (int ph = 0; ph < PHASES; ++ph) {
    printf("uihost: %-15s %6ld blocks, audio thread %.1f us CPU per 256-frame block (%.1f%% of the block), "
           "latest block end %.2f ms after its start, %ld late\n",
           names[ph], h->blocks[ph], h->blocks[ph] ? 1e3 * h->cpu_ms[ph] / h->blocks[ph] : 0.0,
           h->blocks[ph] ? 100.0 * h->cpu_ms[ph] / h->blocks[ph] / (1e3 * FRAMES / RATE) : 0.0,
           h->worst_ms[ph], h->late[ph]);
  }
  lilv_free(binary);
  lilv_free(bundle);
  lilv_uis_free(uis);
  lilv_node_free(kx_cls);
  lilv_node_free(ext);
  lilv_node_free(show_if);
  lilv_node_free(audio_cls);
  lilv_node_free(atom_cls);
  lilv_node_free(input_cls);
  lilv_node_free(uri_node);
  lilv_world_free(world);
  if (h->bad) {
    fprintf(stderr, "uihost: non-finite output\n");
  }
  if (g_errors) {
    fprintf(stderr, "uihost: the plugin logged %d errors\n", (int)g_errors);
  }
  const bool pass = ok && !h->bad && !g_errors;
  printf("uihost: %s\n", pass ? "OK" : "FAILED");
  return pass ? 0 : 1;
}
