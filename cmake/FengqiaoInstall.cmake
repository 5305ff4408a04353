# Installs the library, its headers and a CMake package so consumers can find_package(fengqiao).
include(CMakePackageConfigHelpers)

install(TARGETS fengqiao fengqiao_cli
    EXPORT fengqiaoTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/fengqiao DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/include/fengqiao/version.hpp"
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/fengqiao)

set(FENGQIAO_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/fengqiao)
install(EXPORT fengqiaoTargets NAMESPACE fengqiao:: DESTINATION ${FENGQIAO_CMAKE_DIR})
configure_package_config_file(cmake/fengqiaoConfig.cmake.in
    "${CMAKE_CURRENT_BINARY_DIR}/fengqiaoConfig.cmake"
    INSTALL_DESTINATION ${FENGQIAO_CMAKE_DIR})
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/fengqiaoConfigVersion.cmake"
    COMPATIBILITY SameMinorVersion)
install(FILES
    "${CMAKE_CURRENT_BINARY_DIR}/fengqiaoConfig.cmake"
    "${CMAKE_CURRENT_BINARY_DIR}/fengqiaoConfigVersion.cmake"
    DESTINATION ${FENGQIAO_CMAKE_DIR})
