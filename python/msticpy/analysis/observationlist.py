"""
Investigation observations (msticpy 3.0.2's ``analysis.observationlist``).

An :class:`Observation` records one finding of an investigation (a caption, the data that
shows it, a description, a score, tags...); :class:`Observations` keeps them in the order
they were added, keyed by caption, and displays them as a summary at the end of a notebook.
``msticpy.nbtools.observationlist`` (msticpy 0.8.x's location) is this module.

Deliberate differences: the classes are dataclasses (msticpy uses ``attrs``, which this
package does not depend on); displaying an ``Observation`` in IPython (``display(obs)``, or
``Observations.display_observations()``) renders its summary, where msticpy 3.0.2 shows
the object's repr.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

__all__ = ["Observation", "Observations"]


@dataclass
class Observation:
    """
    One observation of an investigation.

    Attributes
    ----------
    caption : str
        Title of the observation; unique within an :class:`Observations` list.
    data : Any
        The evidence (for example a DataFrame); displayed as IPython would display it.
    description : str, optional
        Text (Markdown) describing the observation.
    data_type : str, optional
        Type of ``data``.
    link : str, optional
        Anchor of the notebook section with the details.
    score : int
        Risk score, by default 0.
    tags : list[str]
        Tags.
    additional_properties : dict[str, Any]
        Any other properties.
    timestamp : datetime, optional
        Time of the observation.
    time_span : Any, optional
        An object with ``start`` and ``end`` (e.g. a ``TimeSpan`` or a ``QueryTime``
        widget) that, with ``time_column``, restricts the displayed rows of ``data``.
    time_column : str, optional
        Column of ``data`` that ``time_span`` applies to.
    filter : str, optional
        ``DataFrame.query`` expression applied to ``data`` on display.
    schema : str, optional
        Name of the schema of ``data``.

    """

    caption: str
    data: Any
    description: str | None = None
    data_type: str | None = None
    link: str | None = None
    score: int = 0
    tags: list[str] = field(default_factory=list)
    additional_properties: dict[str, Any] = field(default_factory=dict)
    timestamp: datetime | None = None
    time_span: Any = None
    time_column: str | None = None
    filter: str | None = None
    schema: str | None = None

    @classmethod
    def required_fields(cls) -> list[str]:
        """
        Return the fields an observation must have.

        Returns
        -------
        list[str]
            ``["caption", "data"]``.

        """
        return ["caption", "data"]

    @classmethod
    def all_fields(cls) -> set[str]:
        """
        Return the names of all fields of an observation.

        Returns
        -------
        set[str]
            Field names.

        """
        return {item.name for item in fields(cls)}

    @property
    def filtered_data(self) -> Any:
        """
        Return ``data`` with ``filter`` and ``time_span`` applied (DataFrames only).

        Returns
        -------
        Any
            The filtered DataFrame, or ``data`` unchanged if it is not a DataFrame.

        """
        import pandas as pd

        if not isinstance(self.data, pd.DataFrame):
            return self.data
        frame = self.data
        if self.filter:
            frame = frame.query(self.filter)
        if self.time_span is not None and self.time_column:
            times = frame[self.time_column]
            frame = frame[(times >= self.time_span.start) & (times <= self.time_span.end)]
        return frame

    def display(self) -> None:
        """Display the observation: caption, description, score, link, tags, data."""
        from IPython.display import Markdown, display

        display(Markdown(f"### {self.caption}"))
        if self.description:
            display(Markdown(self.description))
        if self.score:
            display(Markdown(f"Score: {self.score}"))
        if self.link:
            display(Markdown(f"[Go to details](#{self.link})"))
        if self.tags:
            display(Markdown(f"tags: {', '.join(self.tags)}"))
        display(self.filtered_data)
        if self.additional_properties:
            display(Markdown("### Additional Properties"))
            for key, value in self.additional_properties.items():
                display(Markdown(f"**{key}**: {value}"))

    def _ipython_display_(self) -> None:
        self.display()


class Observations:
    """An ordered collection of observations, keyed by caption."""

    def __init__(self, observationlist: Observations | None = None):
        """
        Create an observation list.

        Parameters
        ----------
        observationlist : Observations, optional
            A list whose observations are copied into this one.

        """
        self.observation_list: dict[str, Observation] = OrderedDict()
        if observationlist is not None:
            self.observation_list.update(observationlist.observations)

    def __getitem__(self, key: str) -> Observation:
        """Return the observation with caption ``key``."""
        return self.observation_list[key]

    def __iter__(self) -> Iterator[tuple[str, Observation]]:
        """Iterate over ``(caption, observation)`` pairs in the order added."""
        yield from self.observation_list.items()

    def __len__(self) -> int:
        """Return the number of observations."""
        return len(self.observation_list)

    @property
    def observations(self) -> Mapping[str, Observation]:
        """
        Return the observations.

        Returns
        -------
        Mapping[str, Observation]
            Caption -> observation, in the order added.

        """
        return self.observation_list

    def display_observations(self) -> None:
        """Display every observation, in the order added."""
        for observation in self.observation_list.values():
            observation.display()

    def add_observation(self, observation: Observation | None = None, **kwargs: Any) -> None:
        """
        Add an observation (replacing one with the same caption).

        Parameters
        ----------
        observation : Observation, optional
            The observation to add.

        Other Parameters
        ----------------
        kwargs : Any
            Without ``observation``: the fields of a new observation (``caption`` and
            ``data`` are required); names that are not fields go to its
            ``additional_properties``.

        Raises
        ------
        ValueError
            If ``observation`` is not given and ``caption`` or ``data`` is missing.

        """
        if observation is not None:
            self.observation_list[observation.caption] = observation
            return
        missing = set(Observation.required_fields()) - set(kwargs)
        if missing:
            raise ValueError("The following fields are required", f"in an Observation: {missing}")
        known = Observation.all_fields()
        new = Observation(**{key: val for key, val in kwargs.items() if key in known})
        new.additional_properties.update(
            {key: val for key, val in kwargs.items() if key not in known}
        )
        self.observation_list[new.caption] = new
