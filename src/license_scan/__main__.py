from license_scan.cli.main import main

main()
