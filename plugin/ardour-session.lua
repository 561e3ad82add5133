-- A session in headless Ardour (ardour7-lua, Debian's ardour package), for test-hosts.sh:
--   AUR_MODE=save   AUR_URI=plugin AUR_DIR=dir ardour7-lua ardour-session.lua
--     new session, one mono track, the plugin inserted, layer 2 / feature 1 / mix 0.7, 2 s of
--     processing on the running engine, saved;
--   AUR_MODE=reopen AUR_URI=plugin AUR_DIR=dir ardour7-lua ardour-session.lua
--     loads it, runs 2 s, prints the plugin's layer, feature and mix.
-- The engine is JACK (a dummy server the caller starts): this build has no dummy backend of its own.
local mode, uri, dir = os.getenv("AUR_MODE"), os.getenv("AUR_URI"), os.getenv("AUR_DIR")
assert(AudioEngine:set_backend("JACK", "", ""), "no JACK backend")

-- The index set/get_processor_param take for a control (the n-th parameter Ardour lists; it hides
-- the lv2:enabled port), found by label.
local function param(proc, label)
  local plug = proc:to_insert():plugin(0)
  for n = 0, plug:parameter_count() - 1 do
    local id = plug:nth_parameter(n, true)
    if id < plug:parameter_count() and plug:parameter_label(id) == label then return n end
  end
  error("no control " .. label)
end

if mode == "save" then
  assert(create_session(dir, "aur", 48000), "create_session failed")
  local t = Session:new_audio_track(1, 1, nil, 1, "aur", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true):front()
  local p = ARDOUR.LuaAPI.new_plugin(Session, uri, ARDOUR.PluginType.LV2, "")
  assert(not p:isnil(), "plugin not found: " .. uri)
  assert(t:add_processor_by_index(p, 0, nil, true), "add_processor failed")
  assert(ARDOUR.LuaAPI.set_processor_param(p, param(p, "Layer"), 2))
  assert(ARDOUR.LuaAPI.set_processor_param(p, param(p, "Feature"), 1))
  assert(ARDOUR.LuaAPI.set_processor_param(p, param(p, "Mix"), 0.7))
  ARDOUR.LuaAPI.usleep(2000000) -- the engine runs the plugin meanwhile
  Session:save_state("", false, false, false, false, false)
  print("saved: layer " .. ARDOUR.LuaAPI.get_processor_param(p, param(p, "Layer")))
else
  assert(load_session(dir, "aur"), "load_session failed")
  local r = Session:route_by_name("aur")
  assert(not r:isnil(), "no track aur")
  local p = r:nth_plugin(0)
  assert(not p:isnil(), "no plugin on the track")
  ARDOUR.LuaAPI.usleep(2000000)
  print(string.format("reopened: layer %g feature %g mix %.2f", ARDOUR.LuaAPI.get_processor_param(p, param(p, "Layer")),
        ARDOUR.LuaAPI.get_processor_param(p, param(p, "Feature")), ARDOUR.LuaAPI.get_processor_param(p, param(p, "Mix"))))
end
close_session()
quit()
