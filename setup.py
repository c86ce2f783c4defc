"""Only the package list lives here (everything else is in pyproject.toml).

pyproject.toml cannot combine automatic package discovery with packages mapped from other folders, so
the code packages are found here and the data folders seeds/ and resources/ are added as
lornplayer.seeds and lornplayer.resources (see [tool.setuptools.package-dir] in pyproject.toml).
"""

from setuptools import find_packages, setup

DATA_PACKAGES = ["lornplayer.seeds", "lornplayer.resources", "lornplayer.resources.i18n", "lornplayer.resources.icons",
                 "lornplayer.resources.desktop"]

setup(packages=find_packages(include=["lornplayer", "lornplayer.*"]) + DATA_PACKAGES)
