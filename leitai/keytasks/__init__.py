"""Key tasks (重点任务): tasks, milestones, weekly reports, coordination, dispatch notices."""
