# A plant on a host of its own (issue 18, docs/ha/plants.md): the plant's PostgreSQL and
# sf-inspection in a network namespace, the centre's directory and Redis on the host's end of a
# veth link; the link is cut for 120 s under load and healed. scale_plant_client is the test's
# C side (org, load, checks), run inside the namespace with ip netns exec.
add_executable(scale_plant_client ${CMAKE_CURRENT_SOURCE_DIR}/scale_plant_client.c)
target_link_libraries(scale_plant_client PRIVATE inspection_testlib sf_testkit)
add_dependencies(scale_plant_client sf-directory sf-inspection sf-rectification safetyctl)

add_test(NAME scale.plant_partition COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/scale_plant_partition_test.sh)
# Alone: it times a drain and holds the link down for two minutes under a paced load.
set_tests_properties(scale.plant_partition PROPERTIES RUN_SERIAL TRUE TIMEOUT 330
  ENVIRONMENT "SF_BUILD_DIR=${PROJECT_BINARY_DIR};SF_PLANT_CLIENT=$<TARGET_FILE:scale_plant_client>")
