# The command line on server runs, through the real golive binary: server init, runs, new,
# publish and copy, concurrent writers, the GO race, a killed server.
add_executable(server_writer server_writer.cpp)
target_link_libraries(server_writer PRIVATE golive_services golive_models)
golive_add_server_test(tst_server_cli SOURCES tst_server_cli.cpp
                       LIBS golive_services golive_models Qt6::Sql TIMEOUT 600)
add_dependencies(tst_server_cli golive server_writer)
target_compile_definitions(tst_server_cli PRIVATE
    GOLIVE_SERVER_WRITER="$<TARGET_FILE:server_writer>")

# golive login/logout for a PostgreSQL server, against a real Secret Service (gnome-keyring on
# a private bus, tests/keychain/with-keyring.sh) and the fixture.
find_program(GOLIVE_DBUS_RUN_SESSION_EXE dbus-run-session)
find_program(GOLIVE_GNOME_KEYRING_EXE gnome-keyring-daemon)
if(GOLIVE_DBUS_RUN_SESSION_EXE AND GOLIVE_GNOME_KEYRING_EXE)
    add_executable(tst_server_login tst_server_login.cpp)
    target_link_libraries(tst_server_login PRIVATE Qt6::Test Qt6::Sql)
    target_include_directories(tst_server_login PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    target_compile_definitions(tst_server_login PRIVATE GOLIVE_BINARY="$<TARGET_FILE:golive>")
    add_dependencies(tst_server_login golive)
    add_test(NAME tst_server_login
             COMMAND ${PROJECT_SOURCE_DIR}/tests/keychain/with-keyring.sh
                     $<TARGET_FILE:tst_server_login>)
    set_tests_properties(tst_server_login PROPERTIES
        FIXTURES_REQUIRED real_postgres
        RESOURCE_LOCK golive_postgres
        TIMEOUT 300
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;GOLIVE_POSTGRES_FIXTURE=${GOLIVE_PG_FIXTURE}")
else()
    message(WARNING "dbus-run-session or gnome-keyring-daemon not found: tst_server_login is "
                    "not registered (packaging/install-deps.sh installs them)")
endif()
