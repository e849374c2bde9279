# Makes what the package installs beside the program, from the program itself (cmake -P):
# golive.1.gz from `golive help --man`, golive.bash from `golive help --bash-completion`, and
# changelog.gz. -DGOLIVE=program -DOUT=folder -DSOURCE=packaging folder.
foreach(var GOLIVE OUT SOURCE)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "generate.cmake needs -D${var}=...")
    endif()
endforeach()

function(run_to_file file)
    execute_process(COMMAND ${ARGN} OUTPUT_FILE "${OUT}/${file}" RESULT_VARIABLE rc
                    ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
        file(REMOVE "${OUT}/${file}")
        message(FATAL_ERROR "${ARGN} failed (${rc}): ${err}")
    endif()
endfunction()

run_to_file(golive.1 "${GOLIVE}" help --man)
run_to_file(golive.bash "${GOLIVE}" help --bash-completion)
file(COPY_FILE "${SOURCE}/changelog" "${OUT}/changelog")
# Compressed as Debian wants them, with no name or time inside (-n): the same bytes each build.
foreach(file golive.1 changelog)
    execute_process(COMMAND gzip -9nf "${OUT}/${file}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "gzip ${OUT}/${file} failed (${rc})")
    endif()
endforeach()
