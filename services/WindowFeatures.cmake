# The services behind the window that are not widgets: the monitors (SLO polling, cutover
# status) and the run session. Included from services/CMakeLists.txt.
target_sources(golive_services PRIVATE
    monitor/SloMonitor.h monitor/SloMonitor.cpp
    monitor/CutoverStatus.h
    monitor/CutoverMonitor.h monitor/CutoverMonitor.cpp
    session/RunStore.h
    session/SqliteRunStore.h session/SqliteRunStore.cpp
    session/RunSession.h session/RunSession.cpp
)
target_include_directories(golive_services PUBLIC
    ${CMAKE_CURRENT_SOURCE_DIR}/monitor
    ${CMAKE_CURRENT_SOURCE_DIR}/session
)
