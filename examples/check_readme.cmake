# Fails when the README's C example is not examples/quickstart.c verbatim.
file(READ ${README} readme)
file(READ ${SOURCE} source)
string(FIND "${readme}" "```c\n${source}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md does not show ${SOURCE} verbatim")
endif()
