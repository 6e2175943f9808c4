# Installs the built library into a scratch prefix, then configures, builds and runs the C++
# example of examples/cpp against it, as an embedding project would (nlohmann-json is not needed
# by the consumer: it is a build-time dependency of the library only).
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
# Only the detail headers that custom_model.hpp instantiates are installed; the library's own
# internals (layout, compile step, solvers, CSV, drug files) stay in engine/src.
file(GLOB installed RELATIVE ${prefix}/include/pkengine/detail ${prefix}/include/pkengine/detail/*)
list(SORT installed)
set(expected custom_support.hpp event_loop.hpp infusions.hpp ode_dopri5.hpp ode_propagator.hpp
             ode_rosenbrock4.hpp outputs.hpp steady_state.hpp timeline.hpp validate.hpp)
if(NOT installed STREQUAL expected)
  message(FATAL_ERROR "installed detail headers: ${installed}\nexpected: ${expected}")
endif()
run(${CMAKE_COMMAND} -S ${PKENGINE_SOURCE_DIR}/examples/cpp -B ${WORK_DIR}/build
    -G ${GENERATOR} -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
# The scratch prefix is not the prefix the library was configured with: the example finds the
# drug files of the prefix it was built against through pkengineConfig.cmake, with
# PKENGINE_DRUG_PATH unset.
run(${CMAKE_COMMAND} -E env --unset=PKENGINE_DRUG_PATH ${WORK_DIR}/build/route_table)
run(${WORK_DIR}/build/custom_model)
run(${WORK_DIR}/build/solver_comparison 1)
