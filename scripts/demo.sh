#!/bin/sh
# make demo: trace a real program, the first thing a new user should see.
B=${1:-build}
P=$B/procscope
set -e
echo "\$ procscope trace -f -e trace=pipe2,clone,execve,dup2,read,write,wait4 sh -c 'echo hello | tr a-z A-Z'"
echo
"$P" trace -f -e trace=pipe2,clone,execve,dup2,read,write,wait4 sh -c 'echo hello | tr a-z A-Z'
echo
echo "The shell made a pipe (pipe2), forked twice (clone), each child moved a pipe end"
echo "onto stdin or stdout (dup2) and became echo's builtin or tr (execve); tr read"
echo "\"hello\\n\" from the pipe and wrote \"HELLO\\n\"."
echo
echo "Same trace as JSON Lines (first 3 events):"
"$P" trace --json -e trace=write sh -c 'echo hello' 2>&1 >/dev/null | head -3
echo
echo "Try:  $P trace --help"
