from malicli.cli import main

main()
