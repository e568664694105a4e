from opportune.cli import main

main()
