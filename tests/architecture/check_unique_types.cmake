# Fails when two headers define a class or struct of the same name in the same namespace: linked
# into one program, the two definitions break the one-definition rule, and the compiler may use
# one's layout (its implicit copy or move) on the other's objects without a word.
#   cmake -DROOT=<source dir> -P check_unique_types.cmake
# Reads the headers of runner/, services/, ui/ and app/; a definition is a line starting with
# "struct Name" or "class Name" that does not end in ';' (a forward declaration), in the
# namespace opened last above it.
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_unique_types.cmake")
endif()

file(GLOB_RECURSE headers ${ROOT}/runner/*.h ${ROOT}/services/*.h ${ROOT}/ui/*.h ${ROOT}/app/*.h)
set(seen_names "")
set(duplicates "")
foreach(header ${headers})
  file(RELATIVE_PATH shown ${ROOT} ${header})
  # Lines as a list: the semicolons of the code are kept as a word, not list separators.
  file(READ ${header} text)
  string(REPLACE ";" "<semicolon>" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(namespace "")
  foreach(line IN LISTS lines)
    if(line MATCHES "^namespace ([A-Za-z_:]+) *{")
      set(namespace ${CMAKE_MATCH_1})
      continue()
    endif()
    if(NOT line MATCHES "^(struct|class) ([A-Za-z_][A-Za-z0-9_]*)")
      continue()
    endif()
    set(name "${namespace}::${CMAKE_MATCH_2}")
    if(line MATCHES "<semicolon> *$")
      continue() # a forward declaration
    endif()
    string(MAKE_C_IDENTIFIER "${name}" key)
    if(DEFINED where_${key})
      list(APPEND duplicates "${name}: ${where_${key}} and ${shown}")
    else()
      set(where_${key} ${shown})
    endif()
  endforeach()
endforeach()

if(duplicates)
  list(JOIN duplicates "\n  " text)
  message(FATAL_ERROR "types defined twice in one namespace:\n  ${text}")
endif()
list(LENGTH headers count)
message(STATUS "${count} headers: every class and struct name is unique in its namespace")
