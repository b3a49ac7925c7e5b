import sys

from entitymatch.cli import main

sys.exit(main())
