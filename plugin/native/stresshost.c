/*
  stresshost: the plugin under everything a host may do to it (issue 16), in one process.

  For each sample rate (default 22.05, 44.1, 48, 88.2, 96 and 192 kHz) it instantiates N instances
  (default 16; odd ones run in place), then runs R rounds of one run() per instance, each with
    - a random block size: 0 now and then, else log-uniform in 1..8192 frames;
    - every control input at a random value: mostly in range, some out of range, some NaN or +-Inf
      (layer and feature changes mid-note included);
    - a random input block: tone, noise, full-scale square, denormals, silence, NaN/Inf bursts;
    - now and then deactivate + activate.
  Then, per rate: instance 0's state saved and restored into a fresh instance gives identical output
  on the same input; the same state restored into a running instance (no activate) keeps it working;
  and for every layer the delay of an impulse through the dry path (mix 0) equals the latency the
  plugin reports.

  Fails (exit 1) on a crash (the process dies), a non-finite output, |output| > BOUND, a logged
  plugin error, a state round trip that differs, a delay that is not the reported latency, or any
  byte allocated by this (the audio) thread inside run() after the warm-up rounds: counted by the JVM
  the plugin runs in (com.sun.management.ThreadMXBean, called through JNI around each run()).

  Prints the figures on one line (cases, blocks, frames, instances, restores, crashes, non-finite
  samples, bytes allocated) for docs/RELIABILITY.md.

  To find what broke: STRESS_ONLY=SYMBOL randomises only that control; STRESS_TRACE=I prints
  instance I's block sizes, input kinds and controls, block by block (runs are seeded: -s).

  usage: stresshost [-s SEED] [-n INSTANCES] [-b ROUNDS] [-w WARMUP_ROUNDS] [-r RATE]... URI
*/

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/state/state.h>

#include <jni.h>

#include "testhost.h"

#include <dlfcn.h>
#include <math.h>
#include <stdint.h>

enum { MAX_INST = 64, MAX_PORTS = 32, MAX_RATES = 16, MAX_FRAMES = 8192, MIDI_BYTES = 16384 };
static const float BOUND = 100.0f; /* +24 dB gain on full-scale input, with room for ISTFT overshoot */
/* HotSpot itself allocates a little on the thread whose code it is re-compiling: asking for a C2
   compile resolves all string literals of the method's class (CompileBroker's
   resolve_string_constants: one String + byte[], 64-96 B, seen by JFR at Fft.magnitude's entry for
   Fft's exception message), and a deoptimisation materialises objects compiled code had
   scalar-replaced. Such one-offs (56-952 B in a handful of runs, while the JIT settles) are counted
   and reported; more runs, or more bytes in one run, fail: a per-block or per-change allocation
   shows up in hundreds of runs. */
enum { JVM_ONE_OFF_BYTES = 4096, JVM_ONE_OFF_RUNS = 16 };

typedef struct {
  LilvInstance* inst;
  float         controls[MAX_PORTS];
  float*        audio[MAX_PORTS];
  uint64_t      midi[MIDI_BYTES / 8];
  bool          in_place;
} Inst;

typedef struct {
  const LilvPlugin*   plugin;
  ThPorts             ports;
  float               min[MAX_PORTS], max[MAX_PORTS], def[MAX_PORTS];
  const char*         symbol[MAX_PORTS];
  int                 latency, mix, layer, enabled; /* port indices, -1 when absent */
  const LV2_Feature* const* features;
  double              rate;
  uint64_t            rng;
  /* figures */
  uint64_t blocks, frames, nonfinite, restores, instances, cases;
  double   peak;
  long long alloc_bytes;
  uint64_t  alloc_runs;
  int       failures;
} Ctx;

/* The JVM's allocation counter for this thread (null until a plugin has started the JVM). */
static JNIEnv*   g_env;
static jobject   g_mx;
static jmethodID g_alloc;

static bool
alloc_counter(void)
{
  typedef jint (*GetFn)(JavaVM**, jsize, jsize*);
  GetFn   get = (GetFn)dlsym(RTLD_DEFAULT, "JNI_GetCreatedJavaVMs");
  JavaVM* vm  = NULL;
  jsize   n   = 0;
  if (!get || get(&vm, 1, &n) != JNI_OK || n < 1) {
    return false;
  }
  if ((*vm)->GetEnv(vm, (void**)&g_env, JNI_VERSION_1_8) != JNI_OK
      && (*vm)->AttachCurrentThreadAsDaemon(vm, (void**)&g_env, NULL) != JNI_OK) {
    return false;
  }
  JNIEnv*   e   = g_env;
  jclass    mf  = (*e)->FindClass(e, "java/lang/management/ManagementFactory");
  jmethodID gm  = mf ? (*e)->GetStaticMethodID(e, mf, "getThreadMXBean", "()Ljava/lang/management/ThreadMXBean;") : NULL;
  jobject   mx  = gm ? (*e)->CallStaticObjectMethod(e, mf, gm) : NULL;
  jclass    cls = (*e)->FindClass(e, "com/sun/management/ThreadMXBean");
  g_alloc       = cls ? (*e)->GetMethodID(e, cls, "getCurrentThreadAllocatedBytes", "()J") : NULL;
  if ((*e)->ExceptionCheck(e) || !mx || !g_alloc) {
    (*e)->ExceptionClear(e);
    return false;
  }
  g_mx = (*e)->NewGlobalRef(e, mx);
  /* The counter's own first calls allocate once it is compiled (seen: 64-96 bytes near call 250):
     call it until it no longer does, so only the plugin is measured. */
  int quiet = 0;
  for (int i = 0; i < 200000 && quiet < 20000; ++i) {
    long long a = (long long)(*e)->CallLongMethod(e, g_mx, g_alloc);
    quiet       = (long long)(*e)->CallLongMethod(e, g_mx, g_alloc) == a ? quiet + 1 : 0;
  }
  return true;
}

static long long
allocated(void)
{
  return (long long)(*g_env)->CallLongMethod(g_env, g_mx, g_alloc);
}

static uint64_t
next(Ctx* x)
{
  x->rng ^= x->rng << 13;
  x->rng ^= x->rng >> 7;
  x->rng ^= x->rng << 17;
  return x->rng;
}

static double
uniform(Ctx* x)
{
  return (next(x) >> 11) * (1.0 / 9007199254740992.0);
}

static void
fail(Ctx* x, const char* what, int inst, double value)
{
  if (x->failures++ < 20) {
    fprintf(stderr, "stresshost: FAIL at %.0f Hz, instance %d: %s (%g)\n", x->rate, inst, what, value);
  }
}

static bool
instantiate(Ctx* x, Inst* in, bool in_place)
{
  memset(in, 0, sizeof *in);
  in->in_place = in_place;
  memcpy(in->controls, x->def, sizeof in->controls);
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p]) {
      in->audio[p] = (float*)calloc(MAX_FRAMES, sizeof(float));
    }
  }
  in->inst = lilv_plugin_instantiate(x->plugin, x->rate, x->features);
  if (!in->inst) {
    fail(x, "instantiate failed", -1, x->rate);
    return false;
  }
  x->instances++;
  th_connect(&x->ports, in->inst, in->audio, in->in_place, in->midi, in->controls);
  return true;
}

static void
release(Ctx* x, Inst* in)
{
  if (in->inst) {
    lilv_instance_free(in->inst);
  }
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    free(in->audio[p]);
  }
  memset(in, 0, sizeof *in);
}

/* A control value a host or an automation lane might send. */
static float
random_control(Ctx* x, uint32_t p)
{
  double u = uniform(x), lo = x->min[p], hi = x->max[p], span = hi - lo;
  if (u < 0.80) {
    return (float)(lo + span * uniform(x));
  } else if (u < 0.94) {
    return (float)(uniform(x) < 0.5 ? lo - (1 + 100 * uniform(x)) * (span + 1) : hi + (1 + 100 * uniform(x)) * (span + 1));
  } else if (u < 0.96) {
    return NAN;
  } else if (u < 0.98) {
    return INFINITY;
  }
  return -INFINITY;
}

/* One input block of a random kind; in place, the output ports share these buffers. */
static int g_kind; /* the last input block's kind, for the failure report */

static void
random_input(Ctx* x, Inst* in, uint32_t n, uint64_t t0)
{
  int    kind = g_kind = (int)(uniform(x) * 7);
  double f    = 40 + 8000 * uniform(x);
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (!(x->ports.audio[p] && x->ports.input[p])) {
      continue;
    }
    float* b = in->audio[p];
    for (uint32_t i = 0; i < n; ++i) {
      double t = (double)(t0 + i) / x->rate;
      switch (kind) {
      case 0: b[i] = (float)(0.5 * sin(2 * M_PI * f * t)); break;
      case 1: b[i] = (float)(2 * uniform(x) - 1); break;
      case 2: b[i] = sin(2 * M_PI * f * t) >= 0 ? 1.0f : -1.0f; break; /* full scale */
      case 3: b[i] = (float)((uniform(x) - 0.5) * 1e-39); break;      /* denormals */
      case 4: b[i] = 0.0f; break;
      case 5: b[i] = i % 97 == 0 ? NAN : (float)(0.3 * sin(2 * M_PI * f * t)); break;
      default: b[i] = i % 89 == 0 ? (i % 2 ? INFINITY : -INFINITY) : (float)(0.3 * sin(2 * M_PI * f * t)); break;
      }
    }
  }
}

/* The buffer output port `port` writes (its input's when in place). */
static float*
output(Ctx* x, Inst* in, uint32_t port)
{
  return th_output(&x->ports, in->audio, in->in_place, port);
}

/* One run(), its allocations counted when count is set; outputs checked. */
static void
run(Ctx* x, Inst* in, int id, uint32_t n, bool count)
{
  LV2_Atom_Sequence* seq = (LV2_Atom_Sequence*)in->midi;
  seq->atom.type         = 0;
  seq->atom.size         = MIDI_BYTES - sizeof(LV2_Atom);
  long long a0           = count && g_env ? allocated() : 0;
  lilv_instance_run(in->inst, n);
  if (count && g_env) {
    long long a = allocated() - a0;
    x->alloc_bytes += a;
    x->alloc_runs += a != 0;
    if (a > JVM_ONE_OFF_BYTES || x->alloc_runs > JVM_ONE_OFF_RUNS) {
      fail(x, "bytes allocated on the audio thread in run()", id, (double)a);
    }
    if (a && x->failures <= 20) {
      fprintf(stderr, "stresshost: %lld bytes allocated in a run() of %u frames, block %llu; controls:", a, n, (unsigned long long)x->blocks);
      for (uint32_t q = 0; q < x->ports.n; ++q) {
        if (!x->ports.audio[q] && !x->ports.atom[q] && x->ports.input[q]) {
          fprintf(stderr, " %g", in->controls[q]);
        }
      }
      fprintf(stderr, "\n");
    }
  }
  x->blocks++;
  x->frames += n;
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p] && !x->ports.input[p]) {
      const float* b = output(x, in, p);
      for (uint32_t i = 0; i < n; ++i) {
        if (!isfinite(b[i])) {
          if (x->nonfinite++ == 0) {
            fail(x, "non-finite output", id, b[i]);
          }
        } else if (fabsf(b[i]) > x->peak) {
          if (x->peak <= BOUND && fabsf(b[i]) > BOUND) {
            fprintf(stderr, "stresshost: |output| %g > %g at frame %u of a block of %u frames (instance %d, block %llu) after input kind %d; controls:", fabsf(b[i]),
                    BOUND, i, n, id, (unsigned long long)x->blocks, g_kind);
            for (uint32_t q = 0; q < x->ports.n; ++q) {
              if (!x->ports.audio[q] && !x->ports.atom[q] && x->ports.input[q]) {
                fprintf(stderr, " %s=%g", x->symbol[q], in->controls[q]);
              }
            }
            fprintf(stderr, "\n");
          }
          x->peak = fabsf(b[i]);
        }
      }
    }
  }
}

static void
tone(Ctx* x, Inst* in, uint32_t n, uint64_t t0)
{
  for (uint32_t p = 0; p < x->ports.n; ++p) {
    if (x->ports.audio[p] && x->ports.input[p]) {
      for (uint32_t i = 0; i < n; ++i) {
        uint64_t t = t0 + i;
        in->audio[p][i] = (float)(0.3 * sin(2 * M_PI * 110.0 * (double)t / x->rate) + (t % 4410 < 40 ? 0.5 : 0.0));
      }
    }
  }
}

/* State of a saved into fresh c (activated): both must then produce the same output, past the
   latency. c's ports stay at the TTL defaults: the state alone must carry a's setting. */
static void
state_checks(Ctx* x, LV2_URID_Map* map, Inst* a, Inst* running)
{
  /* The other controls keep their last random values; half dry, so the compared output is not silence. */
  if (x->mix >= 0) {
    a->controls[x->mix] = 0.5f;
  }
  if (x->enabled >= 0) {
    a->controls[x->enabled] = 1.0f;
  }
  run(x, a, 0, 64, false); /* a plugin takes port values on its next run */
  LilvState* st = lilv_state_new_from_instance(x->plugin, a->inst, map, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                               x->features);
  if (!st) {
    fail(x, "could not save state", 0, 0);
    return;
  }
  Inst c;
  if (!instantiate(x, &c, false)) {
    lilv_state_free(st);
    return;
  }
  lilv_state_restore(st, c.inst, NULL, NULL, 0, x->features);
  lilv_instance_deactivate(a->inst);
  lilv_instance_activate(a->inst);
  lilv_instance_activate(c.inst);
  x->restores++;
  x->cases++;
  double   diff = 0, peak = 0;
  uint64_t t = 0, lat = x->latency >= 0 ? (uint64_t)a->controls[x->latency] : 0;
  for (; t < lat + (uint64_t)x->rate; t += 512) {
    tone(x, a, 512, t);
    tone(x, &c, 512, t);
    run(x, a, 0, 512, false);
    run(x, &c, -1, 512, false);
    lat = x->latency >= 0 ? (uint64_t)a->controls[x->latency] : 0;
    for (uint32_t p = 0; p < x->ports.n; ++p) {
      if (x->ports.audio[p] && !x->ports.input[p]) {
        const float* u = output(x, a, p);
        const float* v = output(x, &c, p);
        for (uint32_t i = 0; i < 512; ++i) {
          diff = isnan(u[i]) != isnan(v[i]) ? INFINITY : fmax(diff, fabs(u[i] - v[i])); /* INFINITY stays */
          peak = fmax(peak, fabs(u[i]));
        }
      }
    }
  }
  if (diff != 0) {
    fail(x, "state restored into a fresh instance differs (max abs diff)", 0, diff);
  }
  if (peak == 0) {
    fail(x, "the state round trip compared silence", 0, 0);
  }
  lilv_instance_deactivate(c.inst);
  release(x, &c);
  /* Restored into an instance that keeps running (no activate in between): it goes on working. */
  lilv_state_restore(st, running->inst, NULL, NULL, 0, x->features);
  x->restores++;
  for (int b = 0; b < 16; ++b) {
    tone(x, running, 300, (uint64_t)b * 300);
    run(x, running, 1, 300, false);
  }
  lilv_state_free(st);
}

/* Dry path only (mix 0): an impulse must come out exactly the reported latency later, per layer. */
static void
latency_checks(Ctx* x, Inst* in)
{
  if (x->latency < 0 || x->mix < 0) {
    return;
  }
  int lo = x->layer >= 0 ? (int)x->min[x->layer] : 0, hi = x->layer >= 0 ? (int)x->max[x->layer] : 0;
  for (int layer = lo; layer <= hi; ++layer) {
    memcpy(in->controls, x->def, sizeof in->controls);
    in->controls[x->mix] = 0.0f;
    if (x->layer >= 0) {
      in->controls[x->layer] = (float)layer;
    }
    lilv_instance_deactivate(in->inst);
    lilv_instance_activate(in->inst);
    x->cases++;
    const uint64_t at = 1000;
    uint64_t       t = 0, peak_at = 0;
    float          peak = 0;
    int            lat  = -1;
    for (int b = 0; b < 400 && (lat < 0 || t < at + (uint64_t)lat + 2048); ++b) {
      for (uint32_t p = 0; p < x->ports.n; ++p) {
        if (x->ports.audio[p] && x->ports.input[p]) {
          for (uint32_t i = 0; i < 1024; ++i) {
            in->audio[p][i] = t + i == at ? 1.0f : 0.0f;
          }
        }
      }
      run(x, in, 0, 1024, false);
      lat = (int)in->controls[x->latency];
      for (uint32_t p = 0; p < x->ports.n; ++p) {
        if (x->ports.audio[p] && !x->ports.input[p]) {
          const float* o = output(x, in, p);
          for (uint32_t i = 0; i < 1024; ++i) {
            if (fabsf(o[i]) > peak) {
              peak    = fabsf(o[i]);
              peak_at = t + i;
            }
          }
        }
      }
      t += 1024;
    }
    if (peak < 0.5f || (int64_t)peak_at - (int64_t)at != lat) {
      fprintf(stderr, "stresshost: layer %d: impulse at %llu came out at %llu (peak %.3f), latency %d\n", layer,
              (unsigned long long)at, (unsigned long long)peak_at, peak, lat);
      fail(x, "measured delay is not the reported latency", 0, lat);
    }
  }
}

int
main(int argc, char** argv)
{
  Ctx         x       = {0};
  int         n       = 16, rounds = 300, warmup = 40, n_rates = 0;
  double      rates[MAX_RATES];
  const char* uri     = NULL;
  x.rng               = 20261207;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-s") && i + 1 < argc) {
      x.rng = strtoull(argv[++i], NULL, 10) | 1;
    } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
      n = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
      rounds = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-w") && i + 1 < argc) {
      warmup = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "-r") && i + 1 < argc && n_rates < MAX_RATES) {
      rates[n_rates++] = atof(argv[++i]);
    } else if (argv[i][0] != '-' && i == argc - 1) {
      uri = argv[i];
    } else {
      fprintf(stderr, "usage: stresshost [-s SEED] [-n INSTANCES] [-b ROUNDS] [-w WARMUP_ROUNDS] [-r RATE]... URI\n");
      return 2;
    }
  }
  if (!uri || n < 2 || n > MAX_INST) {
    fprintf(stderr, "stresshost: bad arguments\n");
    return 2;
  }
  if (!n_rates) {
    const double all[] = {22050, 44100, 48000, 88200, 96000, 192000};
    for (; n_rates < 6; ++n_rates) {
      rates[n_rates] = all[n_rates];
    }
  }

  LilvWorld* world = lilv_world_new();
  lilv_world_load_all(world);
  LilvNode* uri_node = lilv_new_uri(world, uri);
  x.plugin           = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), uri_node);
  lilv_node_free(uri_node);
  if (!x.plugin || lilv_plugin_get_num_ports(x.plugin) > MAX_PORTS) {
    fprintf(stderr, "stresshost: plugin <%s> not found (or too many ports)\n", uri);
    return 1;
  }
  th_ports(&x.ports, world, x.plugin);
  lilv_plugin_get_port_ranges_float(x.plugin, x.min, x.max, x.def);
  x.latency = x.mix = x.layer = x.enabled = -1;
  for (uint32_t p = 0; p < x.ports.n; ++p) {
    const LilvPort* port = lilv_plugin_get_port_by_index(x.plugin, p);
    const char* sym      = x.symbol[p] = lilv_node_as_string(lilv_port_get_symbol(x.plugin, port));
    int*        slot     = !strcmp(sym, "latency") ? &x.latency : !strcmp(sym, "mix") ? &x.mix
                         : !strcmp(sym, "layer")   ? &x.layer   : !strcmp(sym, "enabled") ? &x.enabled : NULL;
    if (slot) {
      *slot = (int)p;
    }
    x.def[p] = isnan(x.def[p]) ? 0 : x.def[p];
    x.min[p] = isnan(x.min[p]) ? x.def[p] : x.min[p];
    x.max[p] = isnan(x.max[p]) ? x.def[p] : x.max[p];
  }

  static ThFeatures tf;
  th_features(&tf);
  x.features = tf.list;

  static Inst inst[MAX_INST];
  double      t_start = now_ms();
  const char* only = getenv("STRESS_ONLY");
  int trace = getenv("STRESS_TRACE") ? atoi(getenv("STRESS_TRACE")) : -1;
  for (int r = 0; r < n_rates; ++r) {
    x.rate = rates[r];
    for (int i = 0; i < n; ++i) {
      if (!instantiate(&x, &inst[i], i % 2 == 1)) {
        return 1;
      }
      lilv_instance_activate(inst[i].inst);
    }
    if (!g_env && !alloc_counter()) {
      fprintf(stderr, "stresshost: no JVM allocation counter in this process; allocations are not checked\n");
    }
    uint64_t t[MAX_INST] = {0};
    for (int round = 0; round < rounds; ++round) {
      for (int i = 0; i < n; ++i) {
        Inst*    in = &inst[i];
        uint32_t nf = uniform(&x) < 0.05 ? 0 : (uint32_t)exp(uniform(&x) * log((double)MAX_FRAMES));
        nf          = nf > MAX_FRAMES ? MAX_FRAMES : nf;
        for (uint32_t p = 0; p < x.ports.n; ++p) {
          if (!x.ports.audio[p] && !x.ports.atom[p] && x.ports.input[p] && (!only || !strcmp(only, x.symbol[p]))) {
            in->controls[p] = random_control(&x, p);
          }
        }
        random_input(&x, in, nf, t[i]);
        if (uniform(&x) < 0.02) {
          lilv_instance_deactivate(in->inst);
          lilv_instance_activate(in->inst);
        }
        if (trace == i) {
          fprintf(stderr, "trace: block %llu frames %u input kind %d controls", (unsigned long long)x.blocks, nf, g_kind);
          for (uint32_t p = 0; p < x.ports.n; ++p) {
            if (!x.ports.audio[p] && !x.ports.atom[p] && x.ports.input[p]) {
              fprintf(stderr, " %g", in->controls[p]);
            }
          }
          fprintf(stderr, "\n");
        }
        run(&x, in, i, nf, round >= warmup);
        t[i] += nf;
        x.cases++;
      }
    }
    state_checks(&x, &tf.map, &inst[0], &inst[1]);
    latency_checks(&x, &inst[2]);
    for (int i = 0; i < n; ++i) {
      lilv_instance_deactivate(inst[i].inst);
      release(&x, &inst[i]);
    }
    printf("stresshost: %.0f Hz done: %llu blocks, %llu frames so far, peak %.3f, %.1f s\n", x.rate,
           (unsigned long long)x.blocks, (unsigned long long)x.frames, x.peak, (now_ms() - t_start) / 1e3);
    fflush(stdout);
  }
  lilv_world_free(world);
  if (x.peak > BOUND) {
    fail(&x, "output above the bound", -1, x.peak);
  }
  if (g_errors) {
    fail(&x, "the plugin logged errors", -1, (int)g_errors);
  }
  printf("stresshost: %s: %llu cases, %llu blocks, %llu frames, %llu instances, %llu restores, %d rates, "
         "crashes 0, non-finite samples %llu, bytes allocated in run() after warm-up %lld in %llu of the runs (%s), peak %.3f, "
         "errors logged %d, %.1f s\n",
         x.failures ? "FAILED" : "ok", (unsigned long long)x.cases, (unsigned long long)x.blocks,
         (unsigned long long)x.frames, (unsigned long long)x.instances, (unsigned long long)x.restores, n_rates,
         (unsigned long long)x.nonfinite, x.alloc_bytes, (unsigned long long)x.alloc_runs, g_env ? "counted" : "not counted", x.peak, (int)g_errors,
         (now_ms() - t_start) / 1e3);
  return x.failures ? 1 : 0;
}
