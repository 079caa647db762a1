# Fails when the freestanding libcore archive (ARCHIVE) references a symbol it
# does not define, other than the platform hooks every host defines (plat_*).
# This is what keeps libc, libgcc helpers (__udivti3, ...) and compiler-made
# memcpy/memset calls out of the kernel build.
get_filename_component(dir ${ARCHIVE} DIRECTORY)
set(merged ${dir}/core_kernel_merged.o)
execute_process(COMMAND ${LINKER} -r --whole-archive ${ARCHIVE} -o ${merged}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "freestanding check: ld -r failed: ${err}")
endif()
execute_process(COMMAND ${NM} -u ${merged} OUTPUT_VARIABLE undef RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "freestanding check: nm failed")
endif()
string(REGEX MATCHALL "U [^\n]+" refs "${undef}")
set(bad "")
foreach(r ${refs})
    string(REGEX REPLACE "^U " "" sym ${r})
    if(NOT sym MATCHES "^plat_")
        list(APPEND bad ${sym})
    endif()
endforeach()
if(bad)
    message(FATAL_ERROR "core_kernel references symbols libcore does not define "
        "(libc/libgcc leak into the kernel build): ${bad}")
endif()
