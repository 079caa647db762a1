# Maintained parsers the simulator's loaders use (Debian packages installed by
# scripts/deps.sh): libyaml for experiment files, Graphviz cgraph for DOT task
# graphs, jansson for WfCommons JSON workflows.
find_package(PkgConfig REQUIRED)
pkg_check_modules(YAML REQUIRED IMPORTED_TARGET GLOBAL yaml-0.1)
pkg_check_modules(CGRAPH REQUIRED IMPORTED_TARGET GLOBAL libcgraph)
pkg_check_modules(JANSSON REQUIRED IMPORTED_TARGET GLOBAL jansson)
target_link_libraries(sim_lib PUBLIC PkgConfig::YAML PkgConfig::CGRAPH PkgConfig::JANSSON)
