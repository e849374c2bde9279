# The run file's parts beside services/RunFile.cpp: opening and creating, the lock, the chain
# check, the schema and its migration, and what they share.
target_sources(golive_services PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/RunFileCommon.h ${CMAKE_CURRENT_LIST_DIR}/RunFileCommon.cpp
    ${CMAKE_CURRENT_LIST_DIR}/Schema.h
    ${CMAKE_CURRENT_LIST_DIR}/RunLock.h ${CMAKE_CURRENT_LIST_DIR}/RunLock.cpp
    ${CMAKE_CURRENT_LIST_DIR}/ChainCheck.h ${CMAKE_CURRENT_LIST_DIR}/ChainCheck.cpp
    ${CMAKE_CURRENT_LIST_DIR}/RunFileOpen.cpp
    ${CMAKE_CURRENT_LIST_DIR}/RunFileMigration.cpp
)
