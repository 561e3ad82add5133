/* A pure-C gain LV2 plugin, built with the same flags as the Auralise shim: the reference the
   bridge's per-block overhead is measured against (bench.sh). Ports: gain (dB), in, out. */
#include <lv2/core/lv2.h>

#include <math.h>
#include <stdlib.h>

typedef enum { PORT_GAIN = 0, PORT_IN, PORT_OUT } PortIndex;

typedef struct {
  const float* gain;
  const float* in;
  float*       out;
} Gain;

static LV2_Handle
instantiate(const LV2_Descriptor* d, double rate, const char* bundle, const LV2_Feature* const* f)
{
  return (LV2_Handle)calloc(1, sizeof(Gain));
}

static void
connect_port(LV2_Handle h, uint32_t port, void* data)
{
  Gain* g = (Gain*)h;
  if (port == PORT_GAIN) {
    g->gain = (const float*)data;
  } else if (port == PORT_IN) {
    g->in = (const float*)data;
  } else if (port == PORT_OUT) {
    g->out = (float*)data;
  }
}

static void
activate(LV2_Handle h)
{
}

static void
run(LV2_Handle h, uint32_t n)
{
  Gain*       g = (Gain*)h;
  const float k = powf(10.0f, *g->gain / 20.0f);
  for (uint32_t i = 0; i < n; ++i) {
    g->out[i] = g->in[i] * k;
  }
}

static void
deactivate(LV2_Handle h)
{
}

static void
cleanup(LV2_Handle h)
{
  free(h);
}

static const LV2_Descriptor descriptor = {
  "http://auralise.org/plugins/bench-cgain", instantiate, connect_port, activate, run, deactivate, cleanup, NULL};

LV2_SYMBOL_EXPORT const LV2_Descriptor*
lv2_descriptor(uint32_t index)
{
  return index == 0 ? &descriptor : NULL;
}
