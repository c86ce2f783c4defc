from lornplayer.cli import main

raise SystemExit(main())
