from bot.cli import main
from bot.runtime import tune_gc

tune_gc()
raise SystemExit(main())
