# The wording both the window and the command line use (values, durations, labels, JSON times).
target_sources(golive_models PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/Wording.h ${CMAKE_CURRENT_LIST_DIR}/Wording.cpp)
target_include_directories(golive_models PUBLIC ${CMAKE_CURRENT_LIST_DIR})
