/*
  lv2host: a small lilv host for the bridge's tests and benchmarks.

  Loads one plugin by URI, creates N instances in this process, runs them block by block the way a
  host does (all instances per block, in turn), frees them, and repeats for C cycles (instantiate
  again after free, in the same process). Prints instantiate times and run cost per block; with -s
  also saves each instance's state, restores it into a fresh instance and checks both produce
  identical audio.

  With -J LIBJVM it first starts a JVM itself (as another Java plugin or a Java host would), so the
  plugin must find and reuse it, loading its jars through its own class loader.

  Exit status 1 when an instance fails to instantiate, the plugin logs an error, an output is not
  finite, or an output stays silent although the input is not.

  With -I every odd instance runs in place (output buffers = input buffers) and must produce exactly
  what its even neighbour produces with separate buffers.

  With -E the plugin is expected to fail (fault injection): success means it logged an error and
  its outputs ended silent and finite.

  With -P DIR LABEL it saves a preset the way hosts do (Ardour's "Save Preset", jalv's preset menu)
  instead of the cycles: one instance with the -c controls runs one block (a plugin takes controls
  on its next run), then lilv_state_new_from_instance + lilv_state_save write DIR/preset.ttl.
  installer/test-install.sh imports such a bundle with `auralise preset import`.

  With -k PERIOD the input is a click (5 ms noise burst) every PERIOD frames, the first at PERIOD/2;
  -m prints every note-on from the MIDI output with its frame on the stream's time line.

  usage: lv2host [-n N] [-C cycles] [-b blocks] [-f frames] [-r rate] [-s] [-E] [-I] [-J LIBJVM]
                 [-k PERIOD] [-m] [-P DIR LABEL] [-c SYMBOL VALUE]... URI
*/

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/core/lv2.h>
#include <lv2/midi/midi.h>
#include <lv2/log/log.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include <jni.h>

#include "testhost.h"

#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { MAX_INST = 64, MAX_PORTS = 32, MAX_PARAMS = 32 };

typedef struct {
  LilvInstance* inst;
  float         controls[MAX_PORTS];
  float*        audio[MAX_PORTS];
  double        peak_out;
  bool          bad;
  bool          last_block_silent;
  bool          in_place; /* outputs share the inputs' buffers, as some hosts do */
  uint64_t      midi[1024]; /* the MIDI output's atom sequence (8-byte aligned) */
  uint64_t      notes;      /* note-ons received */
} Inst;

typedef struct {
  const LilvPlugin* plugin;
  ThPorts           ports;
  float             defaults[MAX_PORTS]; /* TTL defaults with the -c overrides */
  float             ttl_defaults[MAX_PORTS];
  uint32_t          frames;
  double            rate;
  uint32_t          click_period; /* -k: clicks every this many frames instead of the tone */
  bool              print_notes;  /* -m: print each note-on's frame */
  LV2_URID          midi_event;
} Ctx;

static void
connect(Ctx* x, Inst* in)
{
  th_connect(&x->ports, in->inst, in->audio, in->in_place, in->midi, in->controls);
}

/* Deterministic input: a tone plus a little noise, different per block. */
static void
fill_input(Ctx* x, Inst* in, uint64_t block)
{
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p] && x->ports.input[p]) {
      for (uint32_t i = 0; i < x->frames; ++i) {
        uint64_t t    = block * x->frames + i;
        uint32_t h    = (uint32_t)(t * 2654435761u + p * 40503u);
        double   u    = (h >> 8) / 16777216.0 - 0.5;
        if (x->click_period) { /* a 5 ms noise burst at period/2, 3/2 period, ... */
          uint64_t k = (t + x->click_period / 2) % x->click_period;
          in->audio[p][i] = (float)(k < x->rate / 200 ? 1.6 * u * exp(-(double)k / (x->rate / 1000)) : 0.0);
        } else {
          in->audio[p][i] = (float)(0.3 * sin(2 * M_PI * 330.0 * (double)t / x->rate) + 0.05 * u);
        }
      }
    }
  }
}

/* One run(): an empty output sequence with all the buffer as capacity, as hosts pass it; then
   the note-ons it holds are counted (and printed with -m, on the stream's time line). */
static void
run_inst(Ctx* x, Inst* in, uint64_t block)
{
  LV2_Atom_Sequence* seq = (LV2_Atom_Sequence*)in->midi;
  seq->atom.type         = 0;
  seq->atom.size         = sizeof(in->midi) - sizeof(LV2_Atom);
  lilv_instance_run(in->inst, x->frames);
  bool connected = false;
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    connected |= x->ports.atom[p];
  }
  if (!connected || seq->atom.size >= sizeof(in->midi) - sizeof(LV2_Atom)) {
    return; /* not connected, or the plugin left it untouched */
  }
  LV2_ATOM_SEQUENCE_FOREACH (seq, ev) {
    const uint8_t* m = (const uint8_t*)LV2_ATOM_BODY(&ev->body);
    if (ev->body.type == x->midi_event && ev->body.size == 3 && (m[0] & 0xF0) == 0x90 && m[2] > 0) {
      in->notes++;
      if (x->print_notes) {
        printf("note-on %llu note %d channel %d velocity %d\n",
               (unsigned long long)(block * x->frames + (uint64_t)ev->time.frames), m[1], (m[0] & 15) + 1, m[2]);
      }
    }
  }
}

/* The buffer an output port was connected to (its input's, when in place). */
static float*
out_buffer(Ctx* x, Inst* in, uint32_t port)
{
  return th_output(&x->ports, in->audio, in->in_place, port);
}

static void
check_output(Ctx* x, Inst* in)
{
  in->last_block_silent = true;
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p] && !x->ports.input[p]) {
      const float* buf = out_buffer(x, in, p);
      for (uint32_t i = 0; i < x->frames; ++i) {
        float v = buf[i];
        if (v != 0.0f) {
          in->last_block_silent = false;
        }
        if (!isfinite(v)) {
          in->bad = true;
        } else if (fabsf(v) > in->peak_out) {
          in->peak_out = fabsf(v);
        }
      }
    }
  }
}

typedef struct {
  Ctx*     x;
  Inst*    in;
  LV2_URID atom_float;
} PortValues;

/* lilv asks for each control input's value while building the state: the host's current value. */
static const void*
port_value(const char* symbol, void* user_data, uint32_t* size, uint32_t* type)
{
  PortValues* v = (PortValues*)user_data;
  for (uint32_t p = 0; p < v->x->ports.n; ++p) {
    const LilvPort* port = lilv_plugin_get_port_by_index(v->x->plugin, p);
    if (!strcmp(lilv_node_as_string(lilv_port_get_symbol(v->x->plugin, port)), symbol)) {
      *size = sizeof(float);
      *type = v->atom_float;
      return &v->in->controls[p];
    }
  }
  *size = 0;
  *type = 0;
  return NULL;
}

/* -P: one instance, one block with the -c controls, then the state saved as a preset bundle. */
static int
save_preset(LilvWorld* world, Ctx* x, LV2_URID_Map* map, LV2_URID_Unmap* unmap,
            const LV2_Feature* const* features, const char* dir, const char* label)
{
  static Inst in;
  memcpy(in.controls, x->defaults, sizeof(x->defaults));
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p]) {
      in.audio[p] = (float*)calloc(x->frames, sizeof(float));
    }
  }
  in.inst = lilv_plugin_instantiate(x->plugin, x->rate, features);
  if (!in.inst) {
    fprintf(stderr, "lv2host: instantiate failed\n");
    return 1;
  }
  connect(x, &in);
  lilv_instance_activate(in.inst);
  fill_input(x, &in, 0);
  run_inst(x, &in, 0);
  lilv_instance_deactivate(in.inst);

  /* The directories jalv passes when it saves a preset: a scratch folder, and the preset folder for
     copies and links (files outside it, like a model, become symlinks in it). With no link folder,
     lilv 0.24.14 "links" an external file at its own absolute path: it deletes the file. */
  char scratch[] = "/tmp/lv2host-preset.XXXXXX";
  if (!mkdtemp(scratch)) {
    perror("lv2host: mkdtemp");
    return 1;
  }
  PortValues values = {x, &in, map->map(map->handle, LV2_ATOM__Float)};
  LilvState* st     = lilv_state_new_from_instance(x->plugin, in.inst, map, scratch, dir, dir, dir,
                                                   port_value, &values,
                                                   LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, features);
  int rc = 1;
  if (!st) {
    fprintf(stderr, "lv2host: lilv_state_new_from_instance failed\n");
  } else {
    lilv_state_set_label(st, label);
    rc = lilv_state_save(world, map, unmap, st, NULL, dir, "preset.ttl");
    if (rc) {
      fprintf(stderr, "lv2host: lilv_state_save failed (%d)\n", rc);
    } else {
      printf("lv2host: saved preset \"%s\" in %s\n", label, dir);
    }
    lilv_state_free(st);
  }
  lilv_instance_free(in.inst);
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    free(in.audio[p]);
  }
  rmdir(scratch);
  return rc ? 1 : 0;
}

/* Starts a JVM in this process before any plugin does; its class path knows nothing of the plugin. */
static bool
start_own_jvm(const char* libjvm)
{
  void* lib = dlopen(libjvm, RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    fprintf(stderr, "lv2host: %s\n", dlerror());
    return false;
  }
  typedef jint (*CreateFn)(JavaVM**, void**, void*);
  CreateFn create = (CreateFn)dlsym(lib, "JNI_CreateJavaVM");
  JavaVMOption   opts[] = {{(char*)"-Xrs", NULL}, {(char*)"-Djava.class.path=/nonexistent", NULL}};
  JavaVMInitArgs args   = {JNI_VERSION_1_8, 2, opts, JNI_FALSE};
  JavaVM*        vm     = NULL;
  JNIEnv*        env    = NULL;
  if (!create || create(&vm, (void**)&env, &args) != JNI_OK) {
    fprintf(stderr, "lv2host: could not create a JVM from %s\n", libjvm);
    return false;
  }
  printf("lv2host: started a JVM of its own from %s\n", libjvm);
  return true;
}

int
main(int argc, char** argv)
{
  int         n = 1, cycles = 1, blocks = 1000;
  bool        state_check = false;
  bool        expect_fault = false;
  bool        in_place     = false;
  const char* preset_dir   = NULL;
  const char* preset_label = NULL;
  Ctx         x           = {0};
  x.frames                = 256;
  x.rate                  = 48000;
  const char* uri         = NULL;
  const char* psym[MAX_PARAMS];
  float       pval[MAX_PARAMS];
  int         n_params = 0;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) {
      n = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-C") && i + 1 < argc) {
      cycles = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
      blocks = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-f") && i + 1 < argc) {
      x.frames = (uint32_t)atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-r") && i + 1 < argc) {
      x.rate = atof(argv[++i]);
    } else if (!strcmp(argv[i], "-k") && i + 1 < argc) {
      x.click_period = (uint32_t)atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-m")) {
      x.print_notes = true;
    } else if (!strcmp(argv[i], "-s")) {
      state_check = true;
    } else if (!strcmp(argv[i], "-E")) {
      expect_fault = true;
    } else if (!strcmp(argv[i], "-I")) {
      in_place = true;
    } else if (!strcmp(argv[i], "-J") && i + 1 < argc) {
      if (!start_own_jvm(argv[++i])) {
        return 1;
      }
    } else if (!strcmp(argv[i], "-P") && i + 2 < argc) {
      preset_dir   = argv[++i];
      preset_label = argv[++i];
    } else if (!strcmp(argv[i], "-c") && i + 2 < argc && n_params < MAX_PARAMS) {
      psym[n_params]   = argv[++i];
      pval[n_params++] = strtof(argv[++i], NULL);
    } else if (argv[i][0] != '-' && i == argc - 1) {
      uri = argv[i];
    } else {
      fprintf(stderr, "usage: lv2host [-n N] [-C cycles] [-b blocks] [-f frames] [-r rate] [-s] "
                      "[-E] [-I] [-J LIBJVM] [-k PERIOD] [-m] [-P DIR LABEL] [-c SYMBOL VALUE]... URI\n");
      return 2;
    }
  }
  if (!uri || n < 1 || n > MAX_INST || x.frames < 1) {
    fprintf(stderr, "lv2host: bad arguments\n");
    return 2;
  }

  LilvWorld* world = lilv_world_new();
  lilv_world_load_all(world);
  LilvNode* uri_node = lilv_new_uri(world, uri);
  x.plugin           = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), uri_node);
  lilv_node_free(uri_node);
  if (!x.plugin) {
    fprintf(stderr, "lv2host: plugin <%s> not found\n", uri);
    return 1;
  }
  th_ports(&x.ports, world, x.plugin);
  if (x.ports.n > MAX_PORTS) {
    return 1;
  }
  lilv_plugin_get_port_ranges_float(x.plugin, NULL, NULL, x.defaults);
  for (uint32_t p = 0; p < x.ports.n; ++p) {
    if (isnan(x.defaults[p])) {
      x.defaults[p] = 0;
    }
    x.ttl_defaults[p] = x.defaults[p];
  }
  for (int k = 0; k < n_params; ++k) {
    LilvNode*       s    = lilv_new_string(world, psym[k]);
    const LilvPort* port = lilv_plugin_get_port_by_symbol(x.plugin, s);
    lilv_node_free(s);
    if (!port) {
      fprintf(stderr, "lv2host: unknown port %s\n", psym[k]);
      return 2;
    }
    x.defaults[lilv_port_get_index(x.plugin, port)] = pval[k];
  }
  int latency_port = -1;
  {
    LilvNode*       s    = lilv_new_string(world, "latency");
    const LilvPort* port = lilv_plugin_get_port_by_symbol(x.plugin, s);
    lilv_node_free(s);
    if (port) {
      latency_port = (int)lilv_port_get_index(x.plugin, port);
    }
  }

  static ThFeatures tf;
  th_features(&tf);
  const LV2_Feature* const* features = tf.list;
  x.midi_event                  = map_uri(NULL, LV2_MIDI__MidiEvent);

  if (preset_dir) {
    int rc = save_preset(world, &x, &tf.map, &tf.unmap, features, preset_dir, preset_label);
    lilv_world_free(world);
    if (g_errors) {
      fprintf(stderr, "lv2host: the plugin logged %d error(s)\n", (int)g_errors);
      rc = 1;
    }
    return rc;
  }

  static Inst inst[MAX_INST];
  int         status = 0;
  for (int cyc = 0; cyc < cycles; ++cyc) {
    for (int i = 0; i < n; ++i) {
      memset(&inst[i], 0, sizeof(Inst));
      inst[i].in_place = in_place && (i % 2 == 1);
      memcpy(inst[i].controls, x.defaults, sizeof(x.defaults));
      for (uint32_t p = 0; p < x.ports.n; ++p) {
        if (x.ports.audio[p]) {
          inst[i].audio[p] = (float*)calloc(x.frames, sizeof(float));
        }
      }
      double t0    = now_ms();
      inst[i].inst = lilv_plugin_instantiate(x.plugin, x.rate, features);
      double t1    = now_ms();
      if (!inst[i].inst) {
        fprintf(stderr, "lv2host: instantiate failed (cycle %d, instance %d)\n", cyc, i);
        return 1;
      }
      printf("cycle %d instance %d: instantiate %.3f ms\n", cyc, i, t1 - t0);
      connect(&x, &inst[i]);
      lilv_instance_activate(inst[i].inst);
    }

    double first_block = 0, worst = 0, total = 0, cpu_total = 0, in_place_diff = 0;
    for (int b = 0; b < blocks; ++b) {
      for (int i = 0; i < n; ++i) {
        fill_input(&x, &inst[i], (uint64_t)b);
      }
      double c0 = cpu_ms();
      double t0 = now_ms();
      for (int i = 0; i < n; ++i) {
        run_inst(&x, &inst[i], (uint64_t)b);
      }
      double dt = now_ms() - t0;
      double dc = cpu_ms() - c0;
      if (b == 0) {
        first_block = dt;
      } else {
        total += dt;
        cpu_total += dc;
        worst = dt > worst ? dt : worst;
      }
      for (int i = 0; i < n; ++i) {
        check_output(&x, &inst[i]);
      }
      /* -I: every odd instance runs in place; it must match its even neighbour sample for sample. */
      for (int i = 1; in_place && i < n; i += 2) {
        for (uint32_t p = 0; p < x.ports.n; ++p) {
          if (x.ports.audio[p] && !x.ports.input[p]) {
            const float* a = out_buffer(&x, &inst[i - 1], p);
            const float* b = out_buffer(&x, &inst[i], p);
            for (uint32_t k = 0; k < x.frames; ++k) {
              in_place_diff = fmax(in_place_diff, fabs(a[k] - b[k]));
            }
          }
        }
      }
    }
    if (in_place) {
      printf("cycle %d: in-place vs separate buffers: max abs diff %.3g\n", cyc, in_place_diff);
      if (in_place_diff != 0) {
        status = 1;
      }
    }
    double per_block_us = blocks > 1 ? total * 1e3 / (blocks - 1) / n : 0;
    double budget_us    = x.frames / x.rate * 1e6;
    double cpu_us       = blocks > 1 ? cpu_total * 1e3 / (blocks - 1) / n : 0;
    printf("cycle %d: %d instance(s), %d blocks of %u frames at %.0f Hz: first block %.1f us (all "
           "instances), then %.2f us per block per instance (%.2f%% of real time), worst block %.1f us\n",
           cyc, n, blocks, x.frames, x.rate, first_block * 1e3, per_block_us,
           100.0 * per_block_us / budget_us, worst * 1e3);
    printf("cycle %d: thread CPU %.3f us per block per instance (%.2f%% of one core)\n", cyc, cpu_us,
           100.0 * cpu_us / budget_us);
    if (latency_port >= 0) {
      printf("cycle %d: latency %.0f samples\n", cyc, inst[0].controls[latency_port]);
    }
    for (int i = 0; i < n; ++i) {
      if (inst[i].bad) {
        fprintf(stderr, "lv2host: instance %d produced non-finite output\n", i);
        status = 1;
      }
      /* Only once the input has had time to come out (the plugin's reported latency). */
      double lat = latency_port >= 0 ? inst[i].controls[latency_port] : 0;
      if (expect_fault) {
        if (!inst[i].last_block_silent) {
          fprintf(stderr, "lv2host: instance %d still outputs audio after the injected fault\n", i);
          status = 1;
        }
      } else if ((double)blocks * x.frames > lat + x.rate / 4 && inst[i].peak_out == 0) {
        fprintf(stderr, "lv2host: instance %d stayed silent\n", i);
        status = 1;
      }
    }

    if (state_check) {
      /* Save instance 0, restore into a fresh instance, run both on the same input: equal output. */
      LilvState* st = lilv_state_new_from_instance(x.plugin, inst[0].inst, &tf.map, NULL, NULL, NULL,
                                                   NULL, NULL, NULL, 0, features);
      char* ttl = st ? lilv_state_to_string(world, &tf.map, &tf.unmap, st, "urn:auralise:test", NULL)
                     : NULL;
      if (!ttl) {
        fprintf(stderr, "lv2host: could not save state\n");
        return 1;
      }
      printf("saved state:\n%s\n", ttl);
      Inst a, c;
      memset(&a, 0, sizeof a);
      memset(&c, 0, sizeof c);
      memcpy(a.controls, inst[0].controls, sizeof(a.controls));
      /* The restored instance's ports stay at the TTL defaults: the state alone must carry the
         setting (its ports only take over when they change). */
      memcpy(c.controls, x.ttl_defaults, sizeof(c.controls));
      for (uint32_t p = 0; p < x.ports.n; ++p) {
        if (x.ports.audio[p]) {
          a.audio[p] = (float*)calloc(x.frames, sizeof(float));
          c.audio[p] = (float*)calloc(x.frames, sizeof(float));
        }
      }
      a.inst = lilv_plugin_instantiate(x.plugin, x.rate, features);
      c.inst = lilv_plugin_instantiate(x.plugin, x.rate, features);
      connect(&x, &a);
      connect(&x, &c);
      LilvState* parsed = lilv_state_new_from_string(world, &tf.map, ttl);
      lilv_state_restore(parsed, c.inst, NULL, NULL, 0, features);
      lilv_instance_activate(a.inst);
      lilv_instance_activate(c.inst);
      double diff = 0;
      for (int b = 0; b < 200; ++b) {
        fill_input(&x, &a, (uint64_t)b);
        fill_input(&x, &c, (uint64_t)b);
        run_inst(&x, &a, (uint64_t)b);
        run_inst(&x, &c, (uint64_t)b);
        for (uint32_t p = 0; p < x.ports.n; ++p) {
          if (x.ports.audio[p] && !x.ports.input[p]) {
            for (uint32_t i = 0; i < x.frames; ++i) {
              diff = fmax(diff, fabs(a.audio[p][i] - c.audio[p][i]));
            }
          }
        }
      }
      printf("state round trip: max abs diff %.3g\n", diff);
      if (diff != 0) {
        status = 1;
      }
      lilv_instance_deactivate(a.inst);
      lilv_instance_deactivate(c.inst);
      lilv_instance_free(a.inst);
      lilv_instance_free(c.inst);
      lilv_state_free(parsed);
      lilv_state_free(st);
      lilv_free(ttl);
    }

    for (int i = 0; i < n; ++i) {
      lilv_instance_deactivate(inst[i].inst);
      lilv_instance_free(inst[i].inst);
      for (uint32_t p = 0; p < x.ports.n; ++p) {
        free(inst[i].audio[p]);
      }
    }
  }
  lilv_world_free(world);
  if (expect_fault) {
    /* -E: the plugin's Java side is made to fail; the host must survive, get silence and a log line. */
    if (!g_errors) {
      fprintf(stderr, "lv2host: expected the plugin to log the fault\n");
      status = 1;
    }
  } else if (g_errors) {
    fprintf(stderr, "lv2host: the plugin logged %d error(s)\n", (int)g_errors);
    status = 1;
  }
  printf("lv2host: %s\n", status ? "FAILED" : "ok");
  return status;
}
