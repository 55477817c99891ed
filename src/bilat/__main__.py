from bilat.cli import main

raise SystemExit(main())
