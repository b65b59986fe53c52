# The highly available PostgreSQL (issue 18, deploy/lib_ha_pg.sh, docs/ha/postgresql.md): a
# Patroni failover under load. tests/CMakeLists.txt builds tests/ha_patroni_failover_test.c
# and registers it as tests.ha_patroni_failover; the layout's tests go by ha.*, so that one is
# switched off and the same program runs once, as ha.patroni_failover. It runs alone: it
# measures the time to follow and writes/s, and starts five servers besides the suite's.
set_tests_properties(tests.ha_patroni_failover PROPERTIES DISABLED TRUE)
add_test(NAME ha.patroni_failover COMMAND test_tests_ha_patroni_failover)
set_tests_properties(ha.patroni_failover PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE
  ENVIRONMENT "SF_BUILD_DIR=${PROJECT_BINARY_DIR};SF_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
