# The policies both the window and the command line call: the connection table, run creation.
target_sources(golive_services PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/Connection.h ${CMAKE_CURRENT_LIST_DIR}/Connection.cpp
    ${CMAKE_CURRENT_LIST_DIR}/RunCreation.h ${CMAKE_CURRENT_LIST_DIR}/RunCreation.cpp)
target_include_directories(golive_services PUBLIC ${CMAKE_CURRENT_LIST_DIR})
