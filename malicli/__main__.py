from malicli import run

run()
