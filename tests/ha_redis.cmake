# Redis with Sentinel (issue 18, deploy/lib_ha_redis.sh): a kill -9 of the master under load,
# after the replica was cut off; every event reaches the new master's stream (docs/ha/redis.md).
# Its own name (failover.redis_sentinel), so the source is not a *_test.c the folder's glob takes.
add_executable(failover_redis_sentinel ${CMAKE_CURRENT_SOURCE_DIR}/failover_redis_sentinel.c)
target_link_libraries(failover_redis_sentinel PRIVATE ${SF_TEST_LIBS} sf_testkit)
add_dependencies(failover_redis_sentinel sf-directory)
add_test(NAME failover.redis_sentinel COMMAND failover_redis_sentinel)
# Alone: it measures the time to follow, and a loaded neighbour could delay the Sentinels.
set_tests_properties(failover.redis_sentinel PROPERTIES RUN_SERIAL TRUE TIMEOUT 240
  ENVIRONMENT "SF_BUILD_DIR=${PROJECT_BINARY_DIR};SF_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
