# Installs the built library into a scratch prefix, then configures, builds and runs the C++
# examples of examples/cpp against it, as an embedding project would.
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()

run(${CMAKE_COMMAND} --install ${PKENGINE_BUILD_DIR} --prefix ${prefix} --component cpp)
run(${CMAKE_COMMAND} -S ${PKENGINE_SOURCE_DIR}/examples/cpp -B ${WORK_DIR}/build
    -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/route_table)
run(${WORK_DIR}/build/custom_model)
run(${WORK_DIR}/build/solver_comparison 1)
