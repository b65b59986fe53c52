# Backups and restore (issue 18, docs/ha/backup.md): deploy/backup's archiving, WAL receiver
# and base backups under writes, the host lost, deploy/restore into a new cluster.
add_test(NAME ha.backup_restore COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/ha_backup_restore_test.sh)
set_tests_properties(ha.backup_restore PROPERTIES TIMEOUT 240 ENVIRONMENT "SF_BUILD_DIR=${PROJECT_BINARY_DIR}")
