from bilat.fastpath import main

raise SystemExit(main())
