@echo off
rem Starts the doclea-transfer command-line tool of this installation (bin\ next to lib\) with
rem JVM options that suit a short-lived command: the serial collector and the quick C1 compiler.
rem Any JAVA_OPTS are added after these. Needs Java 17 or newer: JAVA_HOME, or java on the PATH.
setlocal
set "DT_LIB=%~dp0..\lib"
set "DT_JAR="
for %%f in ("%DT_LIB%\doclea-transfer-cli-*.jar") do set "DT_JAR=%%~ff"
if not defined DT_JAR (
  echo doclea-transfer: %DT_LIB% has no doclea-transfer-cli-*.jar: is this installation complete? 1>&2
  exit /b 2
)
if defined JAVA_HOME (set "DT_JAVA=%JAVA_HOME%\bin\java.exe") else (set "DT_JAVA=java.exe")
"%DT_JAVA%" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 %JAVA_OPTS% -jar "%DT_JAR%" %*
exit /b %ERRORLEVEL%
