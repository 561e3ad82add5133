/*
  lv2-save-preset: saves a plugin preset the way LV2 hosts do (Ardour's "Save Preset", jalv's GTK
  preset menu): instantiate through lilv, set the controls, run a block, then lilv_state_new_from_instance
  with the control values and lilv_state_save into DIR (a NAME.preset.lv2-style bundle). Used by
  installer/test-install.sh to check that a host-saved preset imports into `auralise preset import`
  and renders the same.

  usage: lv2-save-preset PLUGIN_URI DIR LABEL [SYMBOL=VALUE]...
  build: cc -O2 -o lv2-save-preset lv2-save-preset.c $(pkg-config --cflags --libs lilv-0)
*/

#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/core/lv2.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_PORTS = 64, MAX_URIDS = 256, BLOCK = 256 };

static char* g_uris[MAX_URIDS];
static int   g_n_uris;

static LV2_URID
map_uri(LV2_URID_Map_Handle h, const char* uri)
{
  (void)h;
  for (int i = 0; i < g_n_uris; ++i) {
    if (!strcmp(g_uris[i], uri)) {
      return (LV2_URID)i + 1;
    }
  }
  if (g_n_uris == MAX_URIDS) {
    return 0;
  }
  g_uris[g_n_uris] = strdup(uri);
  return (LV2_URID)++g_n_uris;
}

static const char*
unmap_uri(LV2_URID_Unmap_Handle h, LV2_URID urid)
{
  (void)h;
  return urid >= 1 && (int)urid <= g_n_uris ? g_uris[urid - 1] : NULL;
}

typedef struct {
  const LilvPlugin* plugin;
  float             controls[MAX_PORTS];
  LV2_URID          atom_float;
} Host;

/* lilv asks for each port's value while building the state: the host's current control values. */
static const void*
port_value(const char* symbol, void* user_data, uint32_t* size, uint32_t* type)
{
  Host* h = (Host*)user_data;
  for (uint32_t i = 0; i < lilv_plugin_get_num_ports(h->plugin); ++i) {
    const LilvPort* p = lilv_plugin_get_port_by_index(h->plugin, i);
    if (!strcmp(lilv_node_as_string(lilv_port_get_symbol(h->plugin, p)), symbol)) {
      *size = sizeof(float);
      *type = h->atom_float;
      return &h->controls[i];
    }
  }
  *size = 0;
  *type = 0;
  return NULL;
}

int
main(int argc, char** argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: %s PLUGIN_URI DIR LABEL [SYMBOL=VALUE]...\n", argv[0]);
    return 2;
  }
  LilvWorld* world = lilv_world_new();
  lilv_world_load_all(world);
  LilvNode*         uri    = lilv_new_uri(world, argv[1]);
  const LilvPlugin* plugin = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world), uri);
  if (!plugin) {
    fprintf(stderr, "plugin %s not found (LV2_PATH?)\n", argv[1]);
    return 1;
  }
  uint32_t n = lilv_plugin_get_num_ports(plugin);
  if (n > MAX_PORTS) {
    fprintf(stderr, "too many ports\n");
    return 1;
  }

  LV2_URID_Map       map_s   = {NULL, map_uri};
  LV2_URID_Unmap     unmap_s = {NULL, unmap_uri};
  LV2_Feature        f_map   = {LV2_URID__map, &map_s};
  LV2_Feature        f_unmap = {LV2_URID__unmap, &unmap_s};
  const LV2_Feature* features[] = {&f_map, &f_unmap, NULL};

  Host h = {plugin, {0}, map_uri(NULL, LV2_ATOM__Float)};
  float defaults[MAX_PORTS];
  lilv_plugin_get_port_ranges_float(plugin, NULL, NULL, defaults);
  LilvNode* control = lilv_new_uri(world, LV2_CORE__ControlPort);
  for (uint32_t i = 0; i < n; ++i) {
    h.controls[i] = isnan(defaults[i]) ? 0.0f : defaults[i];
  }
  for (int a = 4; a < argc; ++a) {
    char* eq = strchr(argv[a], '=');
    if (!eq) {
      fprintf(stderr, "expected SYMBOL=VALUE, got %s\n", argv[a]);
      return 2;
    }
    *eq = '\0';
    LilvNode*       sym = lilv_new_string(world, argv[a]);
    const LilvPort* p   = lilv_plugin_get_port_by_symbol(plugin, sym);
    lilv_node_free(sym);
    if (!p) {
      fprintf(stderr, "no port %s\n", argv[a]);
      return 2;
    }
    h.controls[lilv_port_get_index(plugin, p)] = strtof(eq + 1, NULL);
  }

  LilvInstance* inst = lilv_plugin_instantiate(plugin, 44100.0, features);
  if (!inst) {
    fprintf(stderr, "instantiate failed\n");
    return 1;
  }
  static float audio[MAX_PORTS][BLOCK];
  for (uint32_t i = 0; i < n; ++i) {
    const LilvPort* p = lilv_plugin_get_port_by_index(plugin, i);
    lilv_instance_connect_port(inst, i, lilv_port_is_a(plugin, p, control) ? (void*)&h.controls[i] : (void*)audio[i]);
  }
  lilv_instance_activate(inst);
  lilv_instance_run(inst, BLOCK); /* the plugin takes the controls on its next run, as in a host */
  lilv_instance_deactivate(inst);

  /* The directories jalv passes when it saves a preset: a scratch folder, and the preset folder for
     copies and links (files outside it, like a model, become symlinks in it). With no link folder,
     lilv 0.24.14 "links" an external file at its own absolute path: it deletes the file. */
  char scratch[] = "/tmp/lv2-save-preset.XXXXXX";
  if (!mkdtemp(scratch)) {
    perror("mkdtemp");
    return 1;
  }
  LilvState* state = lilv_state_new_from_instance(plugin, inst, &map_s, scratch, argv[2], argv[2], argv[2], port_value, &h,
                                                  LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, features);
  if (!state) {
    fprintf(stderr, "lilv_state_new_from_instance failed\n");
    return 1;
  }
  lilv_state_set_label(state, argv[3]);
  int rc = lilv_state_save(world, &map_s, &unmap_s, state, NULL, argv[2], "preset.ttl");
  if (rc) {
    fprintf(stderr, "lilv_state_save failed (%d)\n", rc);
  }
  lilv_state_free(state);
  lilv_instance_free(inst);
  rmdir(scratch);
  lilv_node_free(control);
  lilv_node_free(uri);
  lilv_world_free(world);
  return rc ? 1 : 0;
}
