# The fuzz tree (-DSF_FUZZ=ON -DCMAKE_C_COMPILER=clang, a build dir of its own; deploy/fuzz
# configures it). Every file is compiled with libFuzzer's coverage, AddressSanitizer and
# UndefinedBehaviorSanitizer; only the fuzz targets and the libraries they link are built, and
# no ctest test is registered here (the main tree runs the targets: tests/fuzz/CMakeLists.txt).
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "SF_FUZZ needs clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang "
                      "(Debian package 'clang'), or run ./deploy/fuzz")
endif()
# -O1 as libFuzzer advises (fast to build, coverage close to the source); line tables are
# enough for the sanitizers' stacks.
set(CMAKE_C_FLAGS_RELWITHDEBINFO "-O1 -gline-tables-only")
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
add_link_options(-fsanitize=address,undefined)

# The unit tests of the folders below are compiled only if something asks for them (nothing
# does here) and never registered.
function(sf_add_test source)
  cmake_parse_arguments(T "" "TIMEOUT" "LIBS" ${ARGN})
  get_filename_component(stem ${source} NAME_WE)
  file(RELATIVE_PATH rel ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  string(REPLACE "/" "_" prefix ${rel})
  string(REGEX REPLACE "_test$" "" stem ${stem})
  add_executable(test_${prefix}_${stem} EXCLUDE_FROM_ALL ${source})
  target_link_libraries(test_${prefix}_${stem} PRIVATE ${T_LIBS} sf_testkit)
endfunction()

foreach(dir proto common services/directory services/inspection services/rectification)
  add_subdirectory(${dir} EXCLUDE_FROM_ALL)
endforeach()
add_subdirectory(tests/fuzz)
