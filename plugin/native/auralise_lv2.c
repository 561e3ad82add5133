/*
  Auralise LV2 plugin: glue between an LV2 host and the Java core (com.auralise.plugin.Lv2Bridge).

  The DSP lives in Java. This file finds and starts a JVM (one per process, reused by every
  instance and every Auralise bundle; a JVM that someone else started is reused too, our jars then
  coming through a class loader of their own), and forwards the LV2 calls. Audio crosses through one block of native memory per instance that Java
  sees as a direct buffer: control slots, then input and output regions of CHUNK frames.

  Real-time path (run): no allocation, no lock, no I/O. A thread is attached to the JVM once, as a
  daemon, the first time it calls in (LV2 has no audio-thread init hook), and detached by a
  pthread key destructor when it exits. Any Java failure is cleared here: the block is output as
  silence, and the fault is logged later from a non-real-time call.

  After the JVM helpers, the LV2 functions appear in the order a host calls them.
*/

#include <lv2/core/lv2.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/midi/midi.h>
#include <lv2/log/log.h>
#include <lv2/log/logger.h>
#include <lv2/state/state.h>
#include <lv2/urid/urid.h>
#include <lv2/instance-access/instance-access.h>
#include <lv2/ui/ui.h>

#include <jni.h>

#include "auralise_ports.h" /* PORT_*, PORT_OUTPUT, SLOT_CHANGED, PARAMS: generated from the control table */

#include <dirent.h>
#include <dlfcn.h>
#include <glob.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define URI_BASE "http://auralise.org/plugins/auralise"
#define STATE_MODEL URI_BASE "#model"
#define STATE_SETTINGS URI_BASE "#settings"
#define BRIDGE_CLASS "com.auralise.plugin.Lv2Bridge"
#define UI_CLASS "com.auralise.plugin.Lv2Ui"

/* Frames per JNI call; longer host blocks are processed in several calls. */
enum { CHUNK = 1024 };

typedef struct {
  float*       control[N_CONTROL_PORTS]; /* by port index, which is the shared-memory slot */
  const float* in[2];
  float*       out[2];
  uint32_t     channels;
  LV2_Atom_Sequence* midi_out; /* optional; NULL when the host does not connect it */

  float*  shm;     /* PARAMS + 2 * channels * CHUNK + MIDI_FLOATS floats, seen by Java as a direct buffer */
  jobject shm_ref; /* global reference that keeps that buffer object alive */
  jint    handle;  /* Lv2Bridge instance, or -1: pass audio through */
  float   last[N_CONTROL_PORTS];

  LV2_URID_Map*  map;
  LV2_Log_Logger logger;
  LV2_URID       atom_String, atom_Path, atom_Sequence, midi_MidiEvent, state_model, state_settings;
  atomic_int     fault; /* set in run(), reported from a non-real-time call */
} Auralise;

/* ---- The process-wide JVM and this bundle's bridge class (set up once, under g_lock). ---- */

typedef jint (*CreateVMFn)(JavaVM**, void**, void*);
typedef jint (*GetVMsFn)(JavaVM**, jsize, jsize*);

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static bool            g_tried;
static char            g_error[1024];
static JavaVM*         g_vm;
static pthread_key_t   g_env_key;
static jclass          g_bridge;
static jmethodID m_create, m_activate, m_process, m_state_model, m_state_settings, m_restore,
  m_destroy, m_last_error, m_last_report;

/* Key destructor: a thread that called into Java leaves the JVM when it exits. This code must
   stay mapped until then, hence -Wl,-z,nodelete. */
static void
detach_thread(void* env)
{
  (void)env;
  if (g_vm) {
    (*g_vm)->DetachCurrentThread(g_vm);
  }
}

/* The calling thread's JNIEnv, attaching it as a daemon the first time (costs ~0.2 ms, once). */
static JNIEnv*
thread_env(void)
{
  JNIEnv* env = (JNIEnv*)pthread_getspecific(g_env_key);
  if (env) {
    return env;
  }
  if ((*g_vm)->GetEnv(g_vm, (void**)&env, JNI_VERSION_1_8) == JNI_OK) {
    return env; /* attached by someone else, who will detach it */
  }
  JavaVMAttachArgs args = {JNI_VERSION_1_8, (char*)"auralise-lv2", NULL};
  if ((*g_vm)->AttachCurrentThreadAsDaemon(g_vm, (void**)&env, &args) != JNI_OK) {
    return NULL;
  }
  pthread_setspecific(g_env_key, env);
  return env;
}

/* Clears a pending exception; at non-real-time call sites also records its text. */
static bool
java_failed(JNIEnv* env, char* msg, size_t len)
{
  if (!(*env)->ExceptionCheck(env)) {
    return false;
  }
  jthrowable t = (*env)->ExceptionOccurred(env);
  (*env)->ExceptionClear(env);
  if (msg && t) {
    jclass    cls = (*env)->FindClass(env, "java/lang/Object");
    jmethodID ts  = (*env)->GetMethodID(env, cls, "toString", "()Ljava/lang/String;");
    jstring   s   = (jstring)(*env)->CallObjectMethod(env, t, ts);
    if (!(*env)->ExceptionCheck(env) && s) {
      const char* c = (*env)->GetStringUTFChars(env, s, NULL);
      snprintf(msg, len, "%s", c ? c : "?");
      (*env)->ReleaseStringUTFChars(env, s, c);
    } else {
      (*env)->ExceptionClear(env);
      snprintf(msg, len, "Java exception");
    }
  }
  return true;
}

static bool
is_file(const char* path)
{
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* libjvm.so under a Java home (JDK or JRE layout). */
static void*
open_home(const char* home, char* chosen, size_t len)
{
  char path[4096];
  snprintf(path, sizeof(path), "%s/lib/server/libjvm.so", home);
  if (!is_file(path)) {
    return NULL;
  }
  snprintf(chosen, len, "%s", path);
  /* Global so the JVM's own libraries resolve against it; never unloaded. */
  return dlopen(path, RTLD_NOW | RTLD_GLOBAL);
}

/* Search order: a JVM already in the process, AURALISE_JVM (a libjvm.so or a Java home), a runtime
   bundled as <bundle>/jre, JAVA_HOME, the system default, then any JDK under /usr/lib/jvm. */
static void*
open_libjvm(const char* bundle, char* chosen, size_t len)
{
  void* lib = dlopen("libjvm.so", RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
  if (lib) {
    snprintf(chosen, len, "libjvm.so already loaded in this process");
    return lib;
  }
  const char* over = getenv("AURALISE_JVM");
  if (over && *over) {
    if (is_file(over)) {
      snprintf(chosen, len, "%s", over);
      return dlopen(over, RTLD_NOW | RTLD_GLOBAL);
    }
    if ((lib = open_home(over, chosen, len))) {
      return lib;
    }
  }
  char home[4096];
  snprintf(home, sizeof(home), "%s/jre", bundle);
  if ((lib = open_home(home, chosen, len))) {
    return lib;
  }
  const char* jh = getenv("JAVA_HOME");
  if (jh && *jh && (lib = open_home(jh, chosen, len))) {
    return lib;
  }
  if ((lib = open_home("/usr/lib/jvm/default-java", chosen, len))) {
    return lib;
  }
  glob_t g;
  if (glob("/usr/lib/jvm/*/lib/server/libjvm.so", 0, NULL, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc && !lib; ++i) {
      snprintf(chosen, len, "%s", g.gl_pathv[i]);
      lib = dlopen(g.gl_pathv[i], RTLD_NOW | RTLD_GLOBAL);
    }
    globfree(&g);
  }
  return lib;
}

static int
compare_names(const void* a, const void* b)
{
  return strcmp(*(char* const*)a, *(char* const*)b);
}

/* The bundle's jar names, sorted (make-cds.sh records the class path in this order). Free each. */
static int
list_jars(const char* bundle, char** names, int max)
{
  char dirpath[4096];
  snprintf(dirpath, sizeof(dirpath), "%s/jars", bundle);
  DIR* dir = opendir(dirpath);
  if (!dir) {
    return -1;
  }
  int            count = 0;
  struct dirent* de;
  while ((de = readdir(dir)) && count < max) {
    size_t l = strlen(de->d_name);
    if (l > 4 && !strcmp(de->d_name + l - 4, ".jar")) {
      names[count++] = strdup(de->d_name);
    }
  }
  closedir(dir);
  qsort(names, (size_t)count, sizeof(char*), compare_names);
  return count;
}

typedef struct {
  CreateVMFn  create;
  const char* bundle; /* canonical path */
  JavaVM*     vm;
  jint        status;
} CreateJob;

/* Whether space-separated JVM options select a collector (-XX:+Use...GC): then it replaces ours,
   since HotSpot refuses two. */
static bool
names_collector(const char* opts)
{
  for (const char* p = opts; p && (p = strstr(p, "-XX:+Use")); p += 8) {
    const char* end = strchr(p, ' ');
    size_t      len = end ? (size_t)(end - p) : strlen(p);
    if (len > 10 && !strncmp(p + len - 2, "GC", 2)) {
      return true;
    }
  }
  return false;
}

/* The JVM is created on a fresh thread with a full-size stack (hosts may call instantiate from
   their primordial thread, which HotSpot does not like); that thread then leaves the JVM. */
static void*
create_vm_thread(void* arg)
{
  CreateJob* job = (CreateJob*)arg;
  char       errfile[4200];
  const char* cache = getenv("XDG_CACHE_HOME");
  const char* home  = getenv("HOME");
  char        dir[4096];
  if (cache && *cache) {
    snprintf(dir, sizeof(dir), "%s/auralise", cache);
  } else if (home && *home) {
    snprintf(dir, sizeof(dir), "%s/.cache/auralise", home);
  } else {
    snprintf(dir, sizeof(dir), "/tmp");
  }
  if (home && *home && !(cache && *cache)) {
    char parent[4096];
    snprintf(parent, sizeof(parent), "%s/.cache", home);
    mkdir(parent, 0755);
  }
  mkdir(dir, 0755);
  snprintf(errfile, sizeof(errfile), "-XX:ErrorFile=%s/hs_err_pid%%p.log", dir);

  JavaVMOption opts[24];
  int          n  = 0;
  opts[n++].optionString = (char*)"-Xrs"; /* leave SIGINT/SIGTERM/SIGHUP/SIGQUIT to the host */
  opts[n++].optionString = (char*)"-XX:-UsePerfData"; /* no hsperfdata files */
  opts[n++].optionString = errfile;
  /* ZGC: its pauses stay well under a millisecond whatever the heap holds. The DSP allocates nothing,
     but the UI's view (same JVM) allocates a few MB/s; with SerialGC its young collections stopped the
     audio thread for 6-16 ms after the view opened (xruns), and a full collection would be worse.
     Its threads only work when something allocates. make-cds.sh must dump with the same collector
     (ZGC has no compressed oops; an archive made otherwise is refused). */
  if (!names_collector(getenv("AURALISE_JVM_OPTS"))) {
    opts[n++].optionString = (char*)"-XX:+UseZGC";
  }
  opts[n++].optionString = (char*)"-Xmx512m";
  /* No periodic "cleanup" safepoints: an audio thread in Java would wait at one for the VM thread,
     which runs at normal priority. */
  opts[n++].optionString = (char*)"-XX:+UnlockDiagnosticVMOptions";
  opts[n++].optionString = (char*)"-XX:GuaranteedSafepointInterval=0";
  opts[n++].optionString = (char*)"-Djava.awt.headless=true";
  /* Our own JVM: the jars go on its class path, so the class-data-sharing archive made for this
     bundle (make-cds.sh) applies; a JVM that cannot use the archive ignores it without a word. */
  char* classpath = (char*)calloc(1, 65536);
  char  archive[4200];
  char* jars[64];
  int   count = list_jars(job->bundle, jars, 64);
  if (classpath && count > 0) {
    size_t len = (size_t)snprintf(classpath, 65536, "-Djava.class.path=");
    for (int i = 0; i < count; ++i) {
      len += (size_t)snprintf(classpath + len, len < 65536 ? 65536 - len : 0, "%s%s/jars/%s",
                              i ? ":" : "", job->bundle, jars[i]);
    }
    if (len < 65536) {
      opts[n++].optionString = classpath;
    }
    snprintf(archive, sizeof(archive), "%s/auralise.jsa", job->bundle);
    if (is_file(archive)) {
      snprintf(archive, sizeof(archive), "-XX:SharedArchiveFile=%s/auralise.jsa", job->bundle);
      opts[n++].optionString = archive;
      opts[n++].optionString = (char*)"-Xshare:auto";
      opts[n++].optionString = (char*)"-Xlog:cds=off,cds+dynamic=off";
    }
  }
  for (int i = 0; i < count; ++i) {
    free(jars[i]);
  }
  /* Developer extras, e.g. AURALISE_JVM_OPTS="-Xlog:gc"; at most 8, space separated. */
  char        extra[1024] = "";
  const char* e           = getenv("AURALISE_JVM_OPTS");
  if (e) {
    snprintf(extra, sizeof(extra), "%s", e);
    for (char* tok = strtok(extra, " "); tok && n < 24; tok = strtok(NULL, " ")) {
      opts[n++].optionString = tok;
    }
  }
  for (int i = 0; i < n; ++i) {
    opts[i].extraInfo = NULL;
  }
  JavaVMInitArgs args = {JNI_VERSION_1_8, n, opts, JNI_FALSE};
  JNIEnv*        env  = NULL;
  job->status         = job->create(&job->vm, (void**)&env, &args);
  if (job->status == JNI_OK) {
    (*job->vm)->DetachCurrentThread(job->vm);
  }
  free(classpath);
  return NULL;
}

/* Loads Lv2Bridge. In a JVM we started, from its class path (our jars, CDS-archived). In a JVM that
   was already there (its class path never saw our jars), through a class loader of our own over the
   bundle's jars/, whose parent is the platform loader so that jars on someone else's class path
   cannot shadow ours. */
static jclass
load_bridge(JNIEnv* env, const char* bundle, bool own_vm)
{
  char dirpath[4096];
  snprintf(dirpath, sizeof(dirpath), "%s/jars", bundle);
  char* names[64];
  int   count = list_jars(bundle, names, 64);
  if (count < 0) {
    snprintf(g_error, sizeof(g_error), "cannot open %s", dirpath);
    return NULL;
  }

  jclass       result = NULL;
  jclass       file   = (*env)->FindClass(env, "java/io/File");
  jclass       uri    = (*env)->FindClass(env, "java/net/URI");
  jclass       url    = (*env)->FindClass(env, "java/net/URL");
  jclass       ucl    = (*env)->FindClass(env, "java/net/URLClassLoader");
  jclass       cl     = (*env)->FindClass(env, "java/lang/ClassLoader");
  jclass       klass  = (*env)->FindClass(env, "java/lang/Class");
  jobjectArray urls   = url ? (*env)->NewObjectArray(env, count, url, NULL) : NULL;
  if (!urls) {
    goto done;
  }
  jmethodID file_init = (*env)->GetMethodID(env, file, "<init>", "(Ljava/lang/String;)V");
  jmethodID to_uri    = (*env)->GetMethodID(env, file, "toURI", "()Ljava/net/URI;");
  jmethodID to_url    = (*env)->GetMethodID(env, uri, "toURL", "()Ljava/net/URL;");
  for (int i = 0; i < count; ++i) {
    char path[4400];
    snprintf(path, sizeof(path), "%s/%s", dirpath, names[i]);
    jstring s = (*env)->NewStringUTF(env, path);
    jobject f = (*env)->NewObject(env, file, file_init, s);
    jobject u = f ? (*env)->CallObjectMethod(env, f, to_uri) : NULL;
    jobject l = u ? (*env)->CallObjectMethod(env, u, to_url) : NULL;
    if (!l) {
      goto done;
    }
    (*env)->SetObjectArrayElement(env, urls, i, l);
  }
  jmethodID platform = (*env)->GetStaticMethodID(env, cl, "getPlatformClassLoader",
                                                 "()Ljava/lang/ClassLoader;");
  jmethodID new_ucl  = (*env)->GetStaticMethodID(
    env, ucl, "newInstance", "([Ljava/net/URL;Ljava/lang/ClassLoader;)Ljava/net/URLClassLoader;");
  jmethodID for_name = (*env)->GetStaticMethodID(
    env, klass, "forName", "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;");
  if (!platform || !new_ucl || !for_name) {
    goto done;
  }
  jmethodID system = (*env)->GetStaticMethodID(env, cl, "getSystemClassLoader", "()Ljava/lang/ClassLoader;");
  jobject   loader = NULL;
  if (own_vm && system) {
    loader = (*env)->CallStaticObjectMethod(env, cl, system);
  } else {
    jobject parent = (*env)->CallStaticObjectMethod(env, cl, platform);
    loader = parent ? (*env)->CallStaticObjectMethod(env, ucl, new_ucl, urls, parent) : NULL;
  }
  jstring name   = (*env)->NewStringUTF(env, BRIDGE_CLASS);
  if (loader && name) {
    result = (jclass)(*env)->CallStaticObjectMethod(env, klass, for_name, name, JNI_TRUE, loader);
  }
done:
  for (int i = 0; i < count; ++i) {
    free(names[i]);
  }
  if (java_failed(env, g_error, sizeof(g_error)) || !result) {
    if (!g_error[0]) {
      snprintf(g_error, sizeof(g_error), "could not load %s from %s", BRIDGE_CLASS, dirpath);
    }
    return NULL;
  }
  return result;
}

static double
mono_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Makes g_vm and g_bridge usable, once per process and bundle. Not real-time: instantiate only. */
static bool
start_java(const char* bundle, LV2_Log_Logger* logger)
{
  pthread_mutex_lock(&g_lock);
  if (g_tried) {
    bool ok = g_bridge != NULL;
    pthread_mutex_unlock(&g_lock);
    return ok;
  }
  g_tried = true;
  pthread_key_create(&g_env_key, detach_thread);
  const double t0 = mono_ms();
  /* Canonical (no symlinks, no trailing slash): the CDS archive recorded the jars' real paths. */
  char real_bundle[4096];
  if (!realpath(bundle, real_bundle)) {
    snprintf(real_bundle, sizeof(real_bundle), "%s", bundle);
  }
  bundle      = real_bundle;
  bool own_vm = false;

  char  chosen[4096] = "";
  void* lib          = open_libjvm(bundle, chosen, sizeof(chosen));
  if (!lib) {
    snprintf(g_error, sizeof(g_error), "no JVM found (set AURALISE_JVM or JAVA_HOME): %s", dlerror());
    goto out;
  }
  GetVMsFn   get_vms = (GetVMsFn)dlsym(lib, "JNI_GetCreatedJavaVMs");
  CreateVMFn create  = (CreateVMFn)dlsym(lib, "JNI_CreateJavaVM");
  if (!get_vms || !create) {
    snprintf(g_error, sizeof(g_error), "%s is not a JVM", chosen);
    goto out;
  }
  jsize n = 0;
  if (get_vms(&g_vm, 1, &n) == JNI_OK && n == 1) {
    lv2_log_note(logger, "auralise: reusing the JVM in this process (%s)\n", chosen);
  } else {
    g_vm = NULL;
    CreateJob      job = {create, bundle, NULL, JNI_ERR};
    pthread_t      t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8u << 20);
    if (pthread_create(&t, &attr, create_vm_thread, &job) == 0) {
      pthread_join(t, NULL);
    }
    pthread_attr_destroy(&attr);
    if (job.status != JNI_OK) {
      snprintf(g_error, sizeof(g_error), "creating the JVM from %s failed (%d)", chosen, (int)job.status);
      goto out;
    }
    g_vm   = job.vm;
    own_vm = true;
    lv2_log_note(logger, "auralise: started the JVM from %s in %.0f ms\n", chosen, mono_ms() - t0);
  }
  const double t1 = mono_ms();

  JNIEnv* env = thread_env();
  if (!env || (*env)->PushLocalFrame(env, 64) != JNI_OK) {
    snprintf(g_error, sizeof(g_error), "cannot attach to the JVM");
    goto out;
  }
  jclass cls = load_bridge(env, bundle, own_vm);
  if (cls) {
    lv2_log_trace(logger, "auralise: bridge classes loaded in %.0f ms\n", mono_ms() - t1);
    g_bridge = (jclass)(*env)->NewGlobalRef(env, cls);
    m_create = (*env)->GetStaticMethodID(
      env, g_bridge, "create", "(Ljava/lang/String;Ljava/lang/String;IDLjava/nio/ByteBuffer;I)I");
    m_activate       = (*env)->GetStaticMethodID(env, g_bridge, "activate", "(I)V");
    m_process        = (*env)->GetStaticMethodID(env, g_bridge, "process", "(II)I");
    m_state_model    = (*env)->GetStaticMethodID(env, g_bridge, "stateModel", "(I)Ljava/lang/String;");
    m_state_settings = (*env)->GetStaticMethodID(env, g_bridge, "stateSettings", "(I)Ljava/lang/String;");
    m_restore        = (*env)->GetStaticMethodID(env, g_bridge, "restore",
                                                 "(ILjava/lang/String;Ljava/lang/String;)I");
    m_destroy    = (*env)->GetStaticMethodID(env, g_bridge, "destroy", "(I)V");
    m_last_error = (*env)->GetStaticMethodID(env, g_bridge, "lastError", "()Ljava/lang/String;");
    m_last_report = (*env)->GetStaticMethodID(env, g_bridge, "lastReport", "()Ljava/lang/String;");
    if (java_failed(env, g_error, sizeof(g_error)) || !m_create || !m_activate || !m_process ||
        !m_state_model || !m_state_settings || !m_restore || !m_destroy || !m_last_error ||
        !m_last_report) {
      (*env)->DeleteGlobalRef(env, g_bridge);
      g_bridge = NULL;
    }
  }
  (*env)->PopLocalFrame(env, NULL);

out:
  if (!g_bridge) {
    lv2_log_error(logger, "auralise: %s\n", g_error);
  }
  pthread_mutex_unlock(&g_lock);
  return g_bridge != NULL;
}

typedef enum { LOG_TRACE, LOG_WARNING, LOG_ERROR } Level;

/* Lv2Bridge.lastError() (lastReport() at trace level) into the host's log. */
static void
log_java_text(Auralise* self, JNIEnv* env, const char* what, Level level)
{
  char    msg[1024] = "unknown error";
  jstring s = (jstring)(*env)->CallStaticObjectMethod(env, g_bridge, level == LOG_TRACE ? m_last_report : m_last_error);
  if (!java_failed(env, NULL, 0) && s) {
    const char* c = (*env)->GetStringUTFChars(env, s, NULL);
    if (c) {
      snprintf(msg, sizeof(msg), "%s", c);
      (*env)->ReleaseStringUTFChars(env, s, c);
    }
  }
  if (level == LOG_ERROR) {
    lv2_log_error(&self->logger, "auralise: %s: %s\n", what, msg);
  } else if (level == LOG_WARNING) {
    lv2_log_warning(&self->logger, "auralise: %s: %s\n", what, msg);
  } else {
    lv2_log_trace(&self->logger, "auralise: %s: %s\n", what, msg);
  }
}

/* ---- LV2 lifecycle, in host call order. ---- */

static LV2_Handle
instantiate(const LV2_Descriptor*     descriptor,
            double                    rate,
            const char*               bundle_path,
            const LV2_Feature* const* features)
{
  Auralise* self = (Auralise*)calloc(1, sizeof(Auralise));
  if (!self) {
    return NULL;
  }
  self->channels = strstr(descriptor->URI, "stereo") ? 2 : 1;
  self->handle   = -1;
  LV2_Log_Log* log = NULL;
  for (int i = 0; features && features[i]; ++i) {
    if (!strcmp(features[i]->URI, LV2_URID__map)) {
      self->map = (LV2_URID_Map*)features[i]->data;
    } else if (!strcmp(features[i]->URI, LV2_LOG__log)) {
      log = (LV2_Log_Log*)features[i]->data;
    }
  }
  lv2_log_logger_init(&self->logger, self->map, log);
  if (self->map) {
    self->atom_String    = self->map->map(self->map->handle, LV2_ATOM__String);
    self->atom_Path      = self->map->map(self->map->handle, LV2_ATOM__Path);
    self->atom_Sequence  = self->map->map(self->map->handle, LV2_ATOM__Sequence);
    self->midi_MidiEvent = self->map->map(self->map->handle, LV2_MIDI__MidiEvent);
    self->state_model    = self->map->map(self->map->handle, STATE_MODEL);
    self->state_settings = self->map->map(self->map->handle, STATE_SETTINGS);
  }
  for (int i = 0; i < N_CONTROL_PORTS; ++i) {
    self->last[i] = NAN;
  }
  size_t bytes = sizeof(float) * (PARAMS + 2u * self->channels * CHUNK + MIDI_FLOATS);
  self->shm    = (float*)aligned_alloc(64, bytes);
  if (!self->shm) {
    free(self);
    return NULL;
  }
  memset(self->shm, 0, bytes);

  if (start_java(bundle_path, &self->logger)) {
    JNIEnv* env = thread_env();
    if (env && (*env)->PushLocalFrame(env, 16) == JNI_OK) {
      jobject buf = (*env)->NewDirectByteBuffer(env, self->shm, (jlong)bytes);
      jstring b   = (*env)->NewStringUTF(env, bundle_path);
      /* The live variants run the causal model: low latency for the stage. */
      jstring m   = (*env)->NewStringUTF(env, strstr(descriptor->URI, "-live-") ? "live" : "default");
      if (buf && b && m) {
        self->shm_ref = (*env)->NewGlobalRef(env, buf);
        self->handle  = (*env)->CallStaticIntMethod(
          env, g_bridge, m_create, b, m, (jint)self->channels, (jdouble)rate, buf, (jint)CHUNK);
      }
      char msg[512] = "";
      if (java_failed(env, msg, sizeof(msg))) {
        lv2_log_error(&self->logger, "auralise: create: %s\n", msg);
        self->handle = -1;
      } else if (self->handle < 0) {
        log_java_text(self, env, "create", LOG_ERROR);
      } else {
        log_java_text(self, env, "created", LOG_TRACE);
      }
      (*env)->PopLocalFrame(env, NULL);
    }
  }
  if (self->handle < 0) {
    lv2_log_error(&self->logger, "auralise: filter unavailable, passing audio through\n");
  }
  return (LV2_Handle)self;
}

static void
connect_port(LV2_Handle instance, uint32_t port, void* data)
{
  Auralise* self = (Auralise*)instance;
  if (port < N_CONTROL_PORTS) {
    self->control[port] = (float*)data;
  } else if (port < PORT_AUDIO + 2 * self->channels) {
    uint32_t c = (port - PORT_AUDIO) / 2;
    if ((port - PORT_AUDIO) % 2 == 0) {
      self->in[c] = (const float*)data;
    } else {
      self->out[c] = (float*)data;
    }
  } else if (port == PORT_AUDIO + 2 * self->channels) {
    self->midi_out = (LV2_Atom_Sequence*)data;
  }
}

static void
activate(LV2_Handle instance)
{
  Auralise* self = (Auralise*)instance;
  if (self->handle >= 0) {
    JNIEnv* env = thread_env();
    if (env) {
      (*env)->CallStaticVoidMethod(env, g_bridge, m_activate, self->handle);
      java_failed(env, NULL, 0);
    }
  }
}

/* Output control ports (the latency) from their slots, or 0 when no filter runs (shm NULL). */
static void
write_outputs(Auralise* self, const float* shm)
{
  for (int i = 0; i < N_CONTROL_PORTS; ++i) {
    if (self->control[i] && PORT_OUTPUT[i]) {
      *self->control[i] = shm ? shm[i] : 0.0f;
    }
  }
}

/* Java's MIDI messages for the chunk at frame off of this block, appended to the host's sequence. */
static void
append_midi(Auralise* self, uint32_t capacity, uint32_t off)
{
  const float* m = self->shm + PARAMS + 2 * self->channels * CHUNK;
  const int    n = (int)m[0] < MIDI_MAX ? (int)m[0] : MIDI_MAX;
  for (int i = 0; i < n; ++i) {
    const float* e = m + 1 + 4 * i;
    struct {
      LV2_Atom_Event event;
      uint8_t        msg[3];
    } ev = {{{(int64_t)(off + (uint32_t)e[0])}, {3, self->midi_MidiEvent}},
            {(uint8_t)e[1], (uint8_t)e[2], (uint8_t)e[3]}};
    if (!lv2_atom_sequence_append_event(self->midi_out, capacity, &ev.event)) {
      return; /* the host's buffer is full */
    }
  }
}

static void
run(LV2_Handle instance, uint32_t nframes)
{
  Auralise* self = (Auralise*)instance;
  float*    shm  = self->shm;
  /* The host sets an output sequence's size to its capacity; we start it empty. */
  const uint32_t midi_capacity = self->midi_out && self->map ? self->midi_out->atom.size : 0;
  if (midi_capacity) {
    lv2_atom_sequence_clear(self->midi_out);
    self->midi_out->body.unit = 0;
    self->midi_out->body.pad  = 0;
    self->midi_out->atom.type = self->atom_Sequence;
  }
  /* Only changed ports overwrite a slot, so a restored setting holds until the user moves a port.
     This is the one place control changes are detected: Java applies the slots when told so. */
  for (int i = 0; i < N_CONTROL_PORTS; ++i) {
    if (self->control[i] && !PORT_OUTPUT[i]) {
      float v = *self->control[i];
      if (memcmp(&v, &self->last[i], sizeof(float))) {
        self->last[i]     = v;
        shm[i]            = v;
        shm[SLOT_CHANGED] = 1.0f;
      }
    }
  }
  JNIEnv* env = self->handle >= 0 ? thread_env() : NULL;
  for (uint32_t c = 0; c < self->channels; ++c) {
    if (!self->in[c] || !self->out[c]) {
      return; /* not connected: nothing a host may expect from us */
    }
  }
  if (!env) {
    for (uint32_t c = 0; c < self->channels; ++c) {
      if (self->out[c] != self->in[c]) {
        memmove(self->out[c], self->in[c], nframes * sizeof(float));
      }
    }
    write_outputs(self, NULL);
    return;
  }
  const uint32_t ch = self->channels;
  for (uint32_t off = 0; off < nframes; off += CHUNK) {
    const uint32_t n = nframes - off < CHUNK ? nframes - off : CHUNK;
    /* All inputs are copied before any output is written: safe when the host works in place. */
    for (uint32_t c = 0; c < ch; ++c) {
      memcpy(shm + PARAMS + c * CHUNK, self->in[c] + off, n * sizeof(float));
    }
    jint st = (*env)->CallStaticIntMethod(env, g_bridge, m_process, self->handle, (jint)n);
    if ((*env)->ExceptionCheck(env)) {
      (*env)->ExceptionClear(env);
      st = -1;
    }
    for (uint32_t c = 0; c < ch; ++c) {
      if (st == 0) {
        memcpy(self->out[c] + off, shm + PARAMS + (ch + c) * CHUNK, n * sizeof(float));
      } else {
        memset(self->out[c] + off, 0, n * sizeof(float));
      }
    }
    if (st == 0 && midi_capacity) {
      append_midi(self, midi_capacity, off);
    }
    if (st != 0) {
      atomic_store(&self->fault, (int)st);
    }
  }
  write_outputs(self, shm);
}

static void
report_fault(Auralise* self)
{
  int f = atomic_exchange(&self->fault, 0);
  if (f) {
    lv2_log_error(&self->logger, "auralise: the Java filter failed (%d); blocks were silenced\n", f);
  }
}

static void
deactivate(LV2_Handle instance)
{
  report_fault((Auralise*)instance);
}

static void
cleanup(LV2_Handle instance)
{
  Auralise* self = (Auralise*)instance;
  report_fault(self);
  if (g_bridge) {
    JNIEnv* env = thread_env();
    if (env) {
      if (self->handle >= 0) {
        (*env)->CallStaticVoidMethod(env, g_bridge, m_destroy, self->handle);
        java_failed(env, NULL, 0);
      }
      if (self->shm_ref) {
        (*env)->DeleteGlobalRef(env, self->shm_ref);
      }
    }
  }
  free(self->shm);
  free(self);
}

/* ---- LV2 state: the model source and the full setting, as strings. ---- */

static const void*
find_feature(const LV2_Feature* const* features, const char* uri)
{
  for (int i = 0; features && features[i]; ++i) {
    if (!strcmp(features[i]->URI, uri)) {
      return features[i]->data;
    }
  }
  return NULL;
}

static void
free_host_path(const LV2_Feature* const* features, char* path)
{
  const LV2_State_Free_Path* fp = (const LV2_State_Free_Path*)find_feature(features, LV2_STATE__freePath);
  if (fp) {
    fp->free_path(fp->handle, path);
  } else {
    free(path);
  }
}

/* Stores a string from Lv2Bridge; a model file (an absolute path) goes through the host's mapPath,
   so a session that moves with its files still finds the model. */
static LV2_State_Status
store_string(Auralise*                 self,
             JNIEnv*                   env,
             jmethodID                 getter,
             LV2_URID                  key,
             LV2_State_Store_Function  store,
             LV2_State_Handle          handle,
             const LV2_Feature* const* features)
{
  jstring s = (jstring)(*env)->CallStaticObjectMethod(env, g_bridge, getter, self->handle);
  if (java_failed(env, NULL, 0) || !s) {
    return LV2_STATE_ERR_UNKNOWN;
  }
  const char* c = (*env)->GetStringUTFChars(env, s, NULL);
  if (!c) {
    return LV2_STATE_ERR_UNKNOWN;
  }
  const LV2_State_Map_Path* mp = (const LV2_State_Map_Path*)find_feature(features, LV2_STATE__mapPath);
  LV2_State_Status          st;
  if (key == self->state_model && c[0] == '/' && mp) {
    char* abstract = mp->abstract_path(mp->handle, c);
    st = store(handle, key, abstract, strlen(abstract) + 1, self->atom_Path,
               LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
    free_host_path(features, abstract);
  } else {
    st = store(handle, key, c, strlen(c) + 1, self->atom_String,
               LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE);
  }
  (*env)->ReleaseStringUTFChars(env, s, c);
  return st;
}

static LV2_State_Status
save(LV2_Handle                instance,
     LV2_State_Store_Function  store,
     LV2_State_Handle          handle,
     uint32_t                  flags,
     const LV2_Feature* const* features)
{
  (void)flags;
  Auralise* self = (Auralise*)instance;
  if (!self->map) {
    return LV2_STATE_ERR_NO_FEATURE;
  }
  JNIEnv* env = self->handle >= 0 ? thread_env() : NULL;
  if (!env || (*env)->PushLocalFrame(env, 8) != JNI_OK) {
    return LV2_STATE_ERR_UNKNOWN;
  }
  LV2_State_Status st =
    store_string(self, env, m_state_model, self->state_model, store, handle, features);
  if (st == LV2_STATE_SUCCESS) {
    st = store_string(self, env, m_state_settings, self->state_settings, store, handle, features);
  }
  (*env)->PopLocalFrame(env, NULL);
  return st;
}

/* A saved string (atom:String, or atom:Path mapped back to an absolute path: then *mapped must be
   freed with free_host_path). */
static const char*
fetch_string(Auralise*                   self,
             LV2_State_Retrieve_Function retrieve,
             LV2_State_Handle            handle,
             LV2_URID                    key,
             const LV2_Feature* const*   features,
             char**                      mapped)
{
  size_t      size  = 0;
  uint32_t    type  = 0;
  uint32_t    flags = 0;
  const void* value = retrieve(handle, key, &size, &type, &flags);
  *mapped           = NULL;
  if (!value || (type != self->atom_String && type != self->atom_Path) || size == 0 ||
      ((const char*)value)[size - 1] != '\0') {
    return NULL;
  }
  const LV2_State_Map_Path* mp = (const LV2_State_Map_Path*)find_feature(features, LV2_STATE__mapPath);
  if (type == self->atom_Path && mp) {
    *mapped = mp->absolute_path(mp->handle, (const char*)value);
    return *mapped;
  }
  return (const char*)value;
}

static LV2_State_Status
restore(LV2_Handle                  instance,
        LV2_State_Retrieve_Function retrieve,
        LV2_State_Handle            handle,
        uint32_t                    flags,
        const LV2_Feature* const*   features)
{
  (void)flags;
  Auralise* self = (Auralise*)instance;
  if (!self->map) {
    return LV2_STATE_ERR_NO_FEATURE;
  }
  JNIEnv* env = self->handle >= 0 ? thread_env() : NULL;
  if (!env || (*env)->PushLocalFrame(env, 8) != JNI_OK) {
    return LV2_STATE_ERR_UNKNOWN;
  }
  char*       mapped_model    = NULL;
  char*       mapped_settings = NULL;
  const char* model    = fetch_string(self, retrieve, handle, self->state_model, features, &mapped_model);
  const char* settings =
    fetch_string(self, retrieve, handle, self->state_settings, features, &mapped_settings);
  jstring jm = model ? (*env)->NewStringUTF(env, model) : NULL;
  jstring js = settings ? (*env)->NewStringUTF(env, settings) : NULL;
  if (mapped_model) {
    free_host_path(features, mapped_model);
  }
  if (mapped_settings) {
    free_host_path(features, mapped_settings);
  }
  jint        st       = (*env)->CallStaticIntMethod(env, g_bridge, m_restore, self->handle, jm, js);
  if (java_failed(env, NULL, 0)) {
    st = -1;
  }
  /* 1: the setting is restored, the model is not the saved file (found elsewhere, or kept): a warning. */
  if (st != 0) {
    log_java_text(self, env, "restore", st > 0 ? LOG_WARNING : LOG_ERROR);
  }
  (*env)->PopLocalFrame(env, NULL);
  /* The restored setting now sits in the shared slots; ports take over when they next change. */
  for (int i = 0; i < N_CONTROL_PORTS; ++i) {
    if (self->control[i] && !PORT_OUTPUT[i]) {
      self->last[i] = *self->control[i];
    }
  }
  return st >= 0 ? LV2_STATE_SUCCESS : LV2_STATE_ERR_UNKNOWN;
}

static const void*
extension_data(const char* uri)
{
  static const LV2_State_Interface state = {save, restore};
  return strcmp(uri, LV2_STATE__interface) ? NULL : &state;
}

#define AURALISE_DESCRIPTOR(suffix) \
  {URI_BASE suffix, instantiate, connect_port, activate, run, deactivate, cleanup, extension_data}

static const LV2_Descriptor descriptors[] = {
  AURALISE_DESCRIPTOR("-mono"),
  AURALISE_DESCRIPTOR("-stereo"),
  AURALISE_DESCRIPTOR("-live-mono"),
  AURALISE_DESCRIPTOR("-live-stereo"),
};

LV2_SYMBOL_EXPORT const LV2_Descriptor*
lv2_descriptor(uint32_t index)
{
  return index < sizeof(descriptors) / sizeof(descriptors[0]) ? &descriptors[index] : NULL;
}

/* ---- The LV2 UI: opens the Java feature view as its own window (ui:showInterface + ui:idleInterface).

   It lives in this same binary on purpose: the UI must reach the very JVM, class loader and plugin
   instance this file set up (instance-access hands us the Auralise struct), and a second .so would
   have its own statics and would have to rediscover all three. It adds no link dependency (the
   window, GLFW and OpenGL are LWJGL's, inside the JVM), so DSP-only hosts pay nothing for it.

   All calls come on the host's UI thread. A click in the view is only recorded in Java (an atomic);
   idle() collects it here and hands it to the host through write_function, for the filter (0 =
   manual), layer and feature ports; run() then picks the ports up like any automation. ---- */

/* Lv2Ui.idle() result bits (see Lv2Ui.CLOSED / SELECT). */
#define UI_CLOSED (1LL << 62)
#define UI_SELECT (1LL << 61)

static jclass    g_ui;
static jmethodID mu_instantiate, mu_show, mu_hide, mu_idle, mu_port_event, mu_cleanup, mu_last_error;

/* The kxstudio external-UI extension (no header in Debian's lv2-dev; the ABI every host uses). The
   host calls run() periodically (our idle), show() and hide(); the UI reports a user close through
   the host's ui_closed(). Ardour, Qtractor and Carla open separate-window UIs this way. */
#define KX_WIDGET "http://kxstudio.sf.net/ns/lv2ext/external-ui#Widget"
#define KX_HOST "http://kxstudio.sf.net/ns/lv2ext/external-ui#Host"
#define KX_HOST_OLD "http://lv2plug.in/ns/extensions/ui#external"

typedef struct KxWidget {
  void (*run)(struct KxWidget*);
  void (*show)(struct KxWidget*);
  void (*hide)(struct KxWidget*);
} KxWidget;

typedef struct {
  void (*ui_closed)(LV2UI_Controller controller);
  const char* plugin_human_id;
} KxHost;

typedef struct {
  KxWidget             kx; /* first: the widget pointer a kx host holds is the UI itself */
  const KxHost*        kx_host;
  LV2UI_Write_Function write;
  LV2UI_Controller     controller;
  jint                 handle; /* Lv2Ui handle */
  LV2_Log_Logger       logger;
} AuraliseUi;

/* Lv2Ui from the class loader that loaded Lv2Bridge (the system one in our own JVM, the bundle's
   own loader in a JVM that was already there). Once, under g_lock. */
static bool
load_ui_class(JNIEnv* env)
{
  pthread_mutex_lock(&g_lock);
  if (!g_ui && g_bridge && (*env)->PushLocalFrame(env, 16) == JNI_OK) {
    jclass    klass    = (*env)->FindClass(env, "java/lang/Class");
    jmethodID get_cl   = (*env)->GetMethodID(env, klass, "getClassLoader", "()Ljava/lang/ClassLoader;");
    jmethodID for_name = (*env)->GetStaticMethodID(
      env, klass, "forName", "(Ljava/lang/String;ZLjava/lang/ClassLoader;)Ljava/lang/Class;");
    jobject loader = (*env)->CallObjectMethod(env, g_bridge, get_cl);
    jstring name   = (*env)->NewStringUTF(env, UI_CLASS);
    jclass  cls    = (!java_failed(env, NULL, 0) && name)
                       ? (jclass)(*env)->CallStaticObjectMethod(env, klass, for_name, name, JNI_TRUE, loader)
                       : NULL;
    if (!java_failed(env, g_error, sizeof(g_error)) && cls) {
      jclass c       = (jclass)(*env)->NewGlobalRef(env, cls);
      mu_instantiate = (*env)->GetStaticMethodID(env, c, "instantiate", "(ILjava/lang/String;Ljava/lang/String;)I");
      mu_show        = (*env)->GetStaticMethodID(env, c, "show", "(I)I");
      mu_hide        = (*env)->GetStaticMethodID(env, c, "hide", "(I)I");
      mu_idle        = (*env)->GetStaticMethodID(env, c, "idle", "(I)J");
      mu_port_event  = (*env)->GetStaticMethodID(env, c, "portEvent", "(IIF)V");
      mu_cleanup     = (*env)->GetStaticMethodID(env, c, "cleanup", "(I)V");
      mu_last_error  = (*env)->GetStaticMethodID(env, c, "lastError", "()Ljava/lang/String;");
      if (java_failed(env, g_error, sizeof(g_error)) || !mu_instantiate || !mu_show || !mu_hide ||
          !mu_idle || !mu_port_event || !mu_cleanup || !mu_last_error) {
        (*env)->DeleteGlobalRef(env, c);
      } else {
        g_ui = c;
      }
    }
    (*env)->PopLocalFrame(env, NULL);
  }
  pthread_mutex_unlock(&g_lock);
  return g_ui != NULL;
}

static void
log_ui_error(AuraliseUi* ui, JNIEnv* env, const char* what)
{
  char    msg[1024] = "unknown error";
  jstring s         = (jstring)(*env)->CallStaticObjectMethod(env, g_ui, mu_last_error);
  if (!java_failed(env, NULL, 0) && s) {
    const char* c = (*env)->GetStringUTFChars(env, s, NULL);
    if (c) {
      snprintf(msg, sizeof(msg), "%s", c);
      (*env)->ReleaseStringUTFChars(env, s, c);
    }
    (*env)->DeleteLocalRef(env, s);
  }
  lv2_log_error(&ui->logger, "auralise ui: %s: %s\n", what, msg);
}

/* Both UIs: the Java side for the plugin instance that instance-access names. */
static AuraliseUi*
ui_create(const char*               plugin_uri,
          const char*               bundle_path,
          LV2UI_Write_Function      write_function,
          LV2UI_Controller          controller,
          const LV2_Feature* const* features,
          const char*               human_id)
{
  AuraliseUi* ui = (AuraliseUi*)calloc(1, sizeof(AuraliseUi));
  if (!ui) {
    return NULL;
  }
  ui->write      = write_function;
  ui->controller = controller;
  ui->handle     = -1;
  lv2_log_logger_init(&ui->logger, (LV2_URID_Map*)find_feature(features, LV2_URID__map),
                      (LV2_Log_Log*)find_feature(features, LV2_LOG__log));

  /* The plugin instance in this process: its Java handle leads to the filter's view tap. */
  const Auralise* plugin = (const Auralise*)find_feature(features, LV2_INSTANCE_ACCESS_URI);
  JNIEnv*         env    = (plugin && g_bridge) ? thread_env() : NULL;
  if (!plugin || plugin->handle < 0 || !env || !load_ui_class(env)) {
    lv2_log_error(&ui->logger, "auralise ui: %s\n",
                  !plugin ? "the host gave no instance-access" :
                  plugin->handle < 0 ? "the plugin runs no filter (see its log)" :
                  g_error[0] ? g_error : "Java is not available");
    free(ui);
    return NULL;
  }
  if ((*env)->PushLocalFrame(env, 8) == JNI_OK) {
    const char* variant = strrchr(plugin_uri, '/');
    char        title[256];
    if (human_id && *human_id) {
      snprintf(title, sizeof(title), "%s", human_id);
    } else {
      snprintf(title, sizeof(title), "Auralise - %s", variant ? variant + 1 : plugin_uri);
    }
    jstring b = (*env)->NewStringUTF(env, bundle_path);
    jstring t = (*env)->NewStringUTF(env, title);
    if (b && t) {
      ui->handle = (*env)->CallStaticIntMethod(env, g_ui, mu_instantiate, plugin->handle, b, t);
    }
    if (java_failed(env, g_error, sizeof(g_error))) {
      ui->handle = -1;
    }
    (*env)->PopLocalFrame(env, NULL);
  }
  if (ui->handle < 0) {
    log_ui_error(ui, env, "instantiate");
    free(ui);
    return NULL;
  }
  return ui;
}

static LV2UI_Handle
ui_instantiate(const LV2UI_Descriptor*   descriptor,
               const char*               plugin_uri,
               const char*               bundle_path,
               LV2UI_Write_Function      write_function,
               LV2UI_Controller          controller,
               LV2UI_Widget*             widget,
               const LV2_Feature* const* features)
{
  (void)descriptor;
  *widget = NULL; /* no embeddable widget: the view is a window of its own (show interface) */
  return (LV2UI_Handle)ui_create(plugin_uri, bundle_path, write_function, controller, features, NULL);
}

static void
ui_cleanup(LV2UI_Handle handle)
{
  AuraliseUi* ui  = (AuraliseUi*)handle;
  JNIEnv*     env = thread_env();
  if (env) {
    (*env)->CallStaticVoidMethod(env, g_ui, mu_cleanup, ui->handle); /* closes the window */
    java_failed(env, NULL, 0);
  }
  free(ui);
}

static void
ui_port_event(LV2UI_Handle handle, uint32_t port, uint32_t size, uint32_t format, const void* buffer)
{
  AuraliseUi* ui = (AuraliseUi*)handle;
  if (format != 0 || size != sizeof(float)) {
    return;
  }
  JNIEnv* env = thread_env();
  if (env) {
    (*env)->CallStaticVoidMethod(env, g_ui, mu_port_event, ui->handle, (jint)port, (jfloat) * (const float*)buffer);
    java_failed(env, NULL, 0);
  }
}

static int
ui_show(LV2UI_Handle handle)
{
  AuraliseUi* ui  = (AuraliseUi*)handle;
  JNIEnv*     env = thread_env();
  if (!env) {
    return 1;
  }
  const double t0 = mono_ms();
  jint         st = (*env)->CallStaticIntMethod(env, g_ui, mu_show, ui->handle);
  if (java_failed(env, NULL, 0) || st != 0) {
    log_ui_error(ui, env, "show");
    return 1;
  }
  lv2_log_trace(&ui->logger, "auralise ui: shown in %.0f ms\n", mono_ms() - t0);
  return 0;
}

static int
ui_hide(LV2UI_Handle handle)
{
  AuraliseUi* ui  = (AuraliseUi*)handle;
  JNIEnv*     env = thread_env();
  if (env) {
    (*env)->CallStaticIntMethod(env, g_ui, mu_hide, ui->handle);
    java_failed(env, NULL, 0);
  }
  return 0;
}

/* Non-zero once the user has closed the window (the host then calls hide, and may show again). */
static int
ui_idle(LV2UI_Handle handle)
{
  AuraliseUi* ui  = (AuraliseUi*)handle;
  JNIEnv*     env = thread_env();
  if (!env) {
    return 1;
  }
  jlong r = (*env)->CallStaticLongMethod(env, g_ui, mu_idle, ui->handle);
  if (java_failed(env, NULL, 0)) {
    return 0;
  }
  if (r & UI_CLOSED) {
    return 1;
  }
  if ((r & UI_SELECT) && ui->write) {
    /* filter = 0 first, or the enumeration would override layer and feature in the plugin */
    const float manual  = 0.0f;
    const float layer   = (float)((r >> 16) & 0xffff);
    const float feature = (float)(r & 0xffff);
    ui->write(ui->controller, PORT_FILTER, sizeof(float), 0, &manual);
    ui->write(ui->controller, PORT_LAYER, sizeof(float), 0, &layer);
    ui->write(ui->controller, PORT_FEATURE, sizeof(float), 0, &feature);
  }
  return 0;
}

static const void*
ui_extension_data(const char* uri)
{
  static const LV2UI_Show_Interface show = {ui_show, ui_hide};
  static const LV2UI_Idle_Interface idle = {ui_idle};
  if (!strcmp(uri, LV2_UI__showInterface)) {
    return &show;
  }
  if (!strcmp(uri, LV2_UI__idleInterface)) {
    return &idle;
  }
  return NULL;
}

/* ---- The same UI for kx hosts: run() = idle(), whose close report goes to ui_closed(). ---- */

static void
kx_run(KxWidget* w)
{
  AuraliseUi* ui = (AuraliseUi*)w;
  if (ui_idle(ui) && ui->kx_host && ui->kx_host->ui_closed) {
    ui->kx_host->ui_closed(ui->controller); /* the host hides its side; show() may come again */
  }
}

static void
kx_show(KxWidget* w)
{
  ui_show((LV2UI_Handle)w);
}

static void
kx_hide(KxWidget* w)
{
  ui_hide((LV2UI_Handle)w);
}

static LV2UI_Handle
kx_instantiate(const LV2UI_Descriptor*   descriptor,
               const char*               plugin_uri,
               const char*               bundle_path,
               LV2UI_Write_Function      write_function,
               LV2UI_Controller          controller,
               LV2UI_Widget*             widget,
               const LV2_Feature* const* features)
{
  (void)descriptor;
  const KxHost* host = (const KxHost*)find_feature(features, KX_HOST);
  if (!host) {
    host = (const KxHost*)find_feature(features, KX_HOST_OLD);
  }
  AuraliseUi* ui = ui_create(plugin_uri, bundle_path, write_function, controller, features,
                             host ? host->plugin_human_id : NULL);
  if (!ui) {
    return NULL;
  }
  ui->kx_host = host;
  ui->kx.run  = kx_run;
  ui->kx.show = kx_show;
  ui->kx.hide = kx_hide;
  *widget     = (LV2UI_Widget)&ui->kx;
  return (LV2UI_Handle)ui;
}

static const LV2UI_Descriptor ui_descriptors[] = {
  {URI_BASE "#view", ui_instantiate, ui_cleanup, ui_port_event, ui_extension_data},
  {URI_BASE "#view-kx", kx_instantiate, ui_cleanup, ui_port_event, ui_extension_data},
};

LV2_SYMBOL_EXPORT const LV2UI_Descriptor*
lv2ui_descriptor(uint32_t index)
{
  return index < sizeof(ui_descriptors) / sizeof(ui_descriptors[0]) ? &ui_descriptors[index] : NULL;
}
