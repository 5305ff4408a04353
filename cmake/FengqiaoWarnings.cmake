# Strict warnings for fengqiao's own targets only; consumers of the installed package never see them.
function(fengqiao_strict target)
    target_compile_options(${target} PRIVATE
        $<BUILD_INTERFACE:$<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow>>)
    if(FENGQIAO_WARNINGS_AS_ERRORS)
        target_compile_options(${target} PRIVATE $<BUILD_INTERFACE:$<$<CXX_COMPILER_ID:GNU,Clang>:-Werror>>)
    endif()
endfunction()
