# ha.deploy_units (issue 18, tests/deploy_units_test.sh): deploy/install into a staging root and
# systemd-analyze verify of its units; sd_notify of a real daemon (READY, the watchdog, STOPPING);
# the Dockerfile, compose.yaml and Kubernetes manifests linted and validated.
add_test(NAME ha.deploy_units COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/deploy_units_test.sh)
set_tests_properties(ha.deploy_units PROPERTIES TIMEOUT 240 ENVIRONMENT "SF_BUILD_DIR=${PROJECT_BINARY_DIR}")
